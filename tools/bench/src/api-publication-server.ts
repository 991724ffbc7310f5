// The publication service alone, role `api`, in its own process, for bench:api: the API under
// load as deployed, without the five other services' queue workers in the same event loop.
// Settings come from the environment (DATABASE_URL, QUEUE_*, PORT 0); prints `LISTENING <url>`.
import { bootstrap } from '../../../apps/publication/src/main';

bootstrap('api')
  .then((service) => console.log(`LISTENING ${service.url}`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
