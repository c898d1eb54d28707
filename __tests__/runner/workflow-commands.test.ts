import { describe, expect, it } from 'vitest';
import {
  CommandNames,
  REGISTERED_COMMANDS,
  escapeData,
  escapeProperty,
  parseCommand,
} from '../../sandbox/runner/workflow-commands.js';

const parse = (line: string) => {
  const command = parseCommand(line, new CommandNames(REGISTERED_COMMANDS));
  return command === undefined
    ? undefined
    : {
        command: command.command,
        data: command.data,
        properties: Object.fromEntries(
          [...command.properties.values()].map(({ key, value }) => [key, value]),
        ),
      };
};

describe('parseCommand', () => {
  it('reads the command, its properties and its data', () => {
    expect(parse('::error file=app.js,line=10,col=15,title=Oops::Something broke')).toEqual({
      command: 'error',
      data: 'Something broke',
      properties: { file: 'app.js', line: '10', col: '15', title: 'Oops' },
    });
  });

  it('undoes the data escapes, %25 last, and nothing else', () => {
    expect(parse('::debug::a%0Ab%0Dc%25d%3Ae%2Cf%250A')?.data).toBe('a\nb\rc%d%3Ae%2Cf%0A');
  });

  it('undoes the property escapes, including : and ,', () => {
    expect(parse('::warning title=a%3Ab%2Cc%0Ad%25::x')?.properties).toEqual({
      title: 'a:b,c\nd%',
    });
  });

  it('round-trips what @actions/core escapes', () => {
    const nasty = 'line 1\r\nline 2: 100% done, ok';
    const parsed = parse(`::notice title=${escapeProperty(nasty)}::${escapeData(nasty)}`);
    expect(parsed).toEqual({ command: 'notice', data: nasty, properties: { title: nasty } });
  });

  it('accepts leading white space but nothing else before ::', () => {
    expect(parse('   ::add-mask::x')?.command).toBe('add-mask');
    expect(parse('echo ::add-mask::x')).toBeUndefined();
  });

  it('leaves unknown commands and unterminated ones alone', () => {
    expect(parse('::not-a-command::x')).toBeUndefined();
    expect(parse('::error')).toBeUndefined();
    expect(parse('C++::std::string')).toBeUndefined();
  });

  it('compares names case-insensitively and lets a later property replace an earlier one', () => {
    expect(parse('::ERROR Title=first,title=second::m')).toEqual({
      command: 'ERROR',
      data: 'm',
      properties: { Title: 'second' },
    });
  });

  it('skips properties without a value or without =', () => {
    expect(parse('::error title=,file,line=3::m')?.properties).toEqual({ line: '3' });
  });

  it('reads the older ##[name key=value;…] form anywhere in a line, with its own escapes', () => {
    expect(parse('prefix ##[warning file=a.js;line=2]semi%3Bcolon %5D%0Anext')).toEqual({
      command: 'warning',
      data: 'semi;colon ]\nnext',
      properties: { file: 'a.js', line: '2' },
    });
  });

  it('recognises a name added later (the stop-commands token)', () => {
    const names = new CommandNames(REGISTERED_COMMANDS);
    expect(parseCommand('::Resume-Token-1::', names)).toBeUndefined();
    names.add('resume-token-1');
    expect(parseCommand('::Resume-Token-1::', names)?.command).toBe('Resume-Token-1');
  });
});
