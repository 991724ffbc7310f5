import { commands } from '.';

describe('the command list', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))('%s: loads the command it names, with the summary the help shows', (name, entry) => {
    const command = entry.load();
    expect(command.name).toBe(name);
    expect(command.summary).toBe(entry.summary);
  });
});
