// Jest global setup/teardown for `npm run charts:check`: the chart suites read rendered YAML
// only, so they skip the repository's global setup (which starts embedded PostgreSQL).
// Under a plain `npm test` they run with the normal setup and pass all the same.
export default async function noDatabase() {}
