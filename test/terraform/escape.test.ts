import { escapeTemplates, unescapeTemplates } from '../../lib/terraform/escape';

/** Strings that are easy to get wrong: every one must survive escape → unescape unchanged. */
const TRICKY = [
  '${HOME}',
  '%{if x}y%{endif}',
  '$${already escaped}',
  '%%{already escaped}',
  '$$${three}',
  '%%%{three}',
  'ends with $',
  'ends with %',
  'ends with ${',
  'ends with %{',
  '${',
  '%{',
  '$ {not a template}',
  '% {not a template}',
  '{just braces}',
  '$$',
  '%%',
  '100% of $5',
  '#!/bin/sh\nset -eu\necho "${GREETING:-hello}" \\\n  | sed \'s/%{x}/y/\'\n',
  'tab\there, "quotes", \'single\', back\\slash, unicode ✓',
  '',
];

describe('escapeTemplates', () => {
  test('escapes ${ as $${', () => {
    expect(escapeTemplates('${x}')).toBe('$${x}');
  });

  test('escapes %{ as %%{', () => {
    expect(escapeTemplates('%{if}')).toBe('%%{if}');
  });

  test('escapes every occurrence in a string', () => {
    expect(escapeTemplates('a ${b} c %{d} e ${f}%{g}')).toBe('a $${b} c %%{d} e $${f}%%{g}');
  });

  test('escapes an already escaped sequence again, so Terraform yields the text as written', () => {
    expect(escapeTemplates('$${x}')).toBe('$$${x}');
    expect(escapeTemplates('%%{x}')).toBe('%%%{x}');
  });

  test('keeps multi-line strings and other characters unchanged', () => {
    const script = '#!/bin/sh\nset -eu\necho "hello" \\\n  world\r\n\ttabbed\n';
    expect(escapeTemplates(script)).toBe(script);
    for (const text of ['$', '%', '$HOME', '$$', '%%', '100%', '$ {x}', '% {x}', '{x}', '"quoted"', 'back\\slash', '\n', '']) {
      expect(escapeTemplates(text)).toBe(text);
    }
  });

  test('escapes inside a multi-line string without touching the line breaks', () => {
    expect(escapeTemplates('line 1\necho ${HOME}\n%{x}\n')).toBe('line 1\necho $${HOME}\n%%{x}\n');
  });

  test('keeps numbers, booleans, null and undefined unchanged', () => {
    expect(escapeTemplates(0)).toBe(0);
    expect(escapeTemplates(42.5)).toBe(42.5);
    expect(escapeTemplates(true)).toBe(true);
    expect(escapeTemplates(false)).toBe(false);
    expect(escapeTemplates(null)).toBeNull();
    expect(escapeTemplates(undefined)).toBeUndefined();
  });

  test('escapes values and keys of nested objects and arrays', () => {
    const input = {
      metadata: { annotations: { 'example.com/${key}': '%{value}' } },
      list: ['${a}', 1, null, { '%{b}': ['${c}'] }],
      count: 3,
      enabled: false,
    };
    expect(escapeTemplates(input)).toEqual({
      metadata: { annotations: { 'example.com/$${key}': '%%{value}' } },
      list: ['$${a}', 1, null, { '%%{b}': ['$${c}'] }],
      count: 3,
      enabled: false,
    });
  });

  test('keeps empty objects and arrays', () => {
    expect(escapeTemplates({ podSelector: {}, items: [] })).toEqual({ podSelector: {}, items: [] });
  });

  test('does not change its input', () => {
    const input = { data: { a: '${x}' }, list: ['%{y}'] };
    escapeTemplates(input);
    expect(input).toEqual({ data: { a: '${x}' }, list: ['%{y}'] });
  });

  test('returns a value with nothing to escape as the same object, not a copy', () => {
    const input = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { ports: [{ port: 80 }], selector: {} } };
    expect(escapeTemplates(input)).toBe(input);
  });

  test('copies only the path to what changed and shares the rest', () => {
    const input = { metadata: { name: 'web', labels: { app: 'web' } }, data: { script: 'echo ${HOME}' }, list: [{ a: 1 }, '%{x}'] };
    const output = escapeTemplates(input) as typeof input;
    expect(output).not.toBe(input);
    expect(output.metadata).toBe(input.metadata);
    expect(output.data).not.toBe(input.data);
    expect(output.data).toEqual({ script: 'echo $${HOME}' });
    expect(output.list).not.toBe(input.list);
    expect(output.list[0]).toBe(input.list[0]);
    expect(output.list[1]).toBe('%%{x}');
  });

  test('copies an object whose only change is a key, keeping the order of its keys', () => {
    const input = { first: 1, '${k}': 2, last: 3 };
    expect(Object.keys(escapeTemplates(input) as object)).toEqual(['first', '$${k}', 'last']);
  });
});

describe('unescapeTemplates', () => {
  test('turns $${ and %%{ back into ${ and %{', () => {
    expect(unescapeTemplates('$${x} %%{y}')).toBe('${x} %{y}');
  });

  test.each(TRICKY)('round trip keeps %j', (text) => {
    expect(unescapeTemplates(escapeTemplates(text))).toBe(text);
  });

  test('round trip keeps a whole object, keys included', () => {
    const input = {
      data: Object.fromEntries(TRICKY.map((text, i) => [`key-${i}-${text}`, text])),
      list: [...TRICKY, 7, true, null],
    };
    expect(unescapeTemplates(escapeTemplates(input))).toEqual(input);
  });
});
