// A tiny highlighter (strings, comments, numbers, keywords) written by hand: artifacts need legibility, not a grammar per language.
import { h } from './dom.js';

const KEYWORDS = new Set(('if else for while do return function const let var class def import from export async await try catch ' +
  'finally throw new public private static void int string bool true false null None True False select from where insert update ' +
  'delete create table and or not in is as with yield lambda struct enum interface package func go fn let mut match use pub impl ' +
  'SELECT FROM WHERE INSERT UPDATE DELETE CREATE TABLE AND OR NOT IN IS AS WITH echo then fi done case esac').split(' '));

const TOKEN = /(\/\/[^\n]*|#[^\n]*|--[^\n]*|\/\*[\s\S]*?\*\/)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;

export function highlight(code, language) {
  const out = h('code', { class: `lang-${(language ?? 'text').replace(/[^a-z0-9+#-]/gi, '')}` });
  let last = 0;
  for (const m of code.matchAll(TOKEN)) {
    if (m.index > last) out.append(code.slice(last, m.index));
    const [text, comment, str, num, word] = m;
    if (comment) out.append(h('span', { class: 'tok-comment' }, text));
    else if (str) out.append(h('span', { class: 'tok-string' }, text));
    else if (num) out.append(h('span', { class: 'tok-number' }, text));
    else if (word && KEYWORDS.has(word)) out.append(h('span', { class: 'tok-keyword' }, text));
    else out.append(text);
    last = m.index + text.length;
  }
  out.append(code.slice(last));
  return h('pre', { class: 'code', tabindex: 0 }, out);
}
