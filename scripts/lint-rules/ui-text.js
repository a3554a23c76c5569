// ESLint rule `ui-text/from-catalog`: the words a user reads come from the catalog
// (src/shared/i18n.ts, public/_locales), never from a literal in the code, so every language
// gets every word. It reports:
// - text between JSX tags, and literals a JSX child expression yields (`{busy ? 'Saving…' : x}`);
// - literals in attributes a user reads or hears: labels, titles, placeholders, alt text,
//   hints, messages, and our components' props named like them (`pendingLabel`, `subtitle`);
// - anywhere else in a page's code, a literal that reads as prose: two or more words that start
//   with a capital letter, or words that end like a sentence (`.`, `?`, `!`, `…`, `:`).
// Errors thrown for developers and console output are not user text and are skipped.
// Plain JavaScript so eslint.config.js loads it without a TypeScript loader.

const RULE = 'ui-text-from-catalog';
const MESSAGE = `${RULE}: a user reads this, so it comes from the catalog: t('key') from src/shared/i18n.ts, with the key in every public/_locales/*/messages.json (see src/shared/README.md).`;

const LETTER = /\p{L}/u;
const USER_ATTRIBUTE = /(^|-)(label|title|placeholder|alt|text|hint|message|heading|caption|description|summary|legend|tooltip)$|Label$|Title$|Text$|Hint$|Message$|^subtitle$|^lead$/i;
const PROSE = /^\s*\p{Lu}[\p{L}'’-]*(\s+[\p{L}\p{N}'’“”"()@,-]+)+/u;
const SENTENCE_END = /\p{L}[^\n]*\s[^\n]*[.?!…:]\s*$/u;

const readsAsProse = (text) => LETTER.test(text) && (PROSE.test(text) || SENTENCE_END.test(text));

function isDeveloperText(node) {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'NewExpression' && p.callee.type === 'Identifier' && /Error$/.test(p.callee.name)) return true;
    if (p.type === 'ThrowStatement') return true;
    if (p.type === 'CallExpression' && p.callee.type === 'MemberExpression' && p.callee.object.type === 'Identifier' && p.callee.object.name === 'console') return true;
    if (p.type === 'ImportDeclaration' || p.type === 'ExportAllDeclaration' || p.type === 'ExportNamedDeclaration' && p.source) return true;
    if (p.type === 'TSLiteralType' || p.type === 'TSPropertySignature') return true;
  }
  return false;
}

/** The JSX attribute a literal is the value of (directly or through `{cond ? 'a' : 'b'}`), if any. */
function attributeOf(node) {
  let p = node.parent;
  while (p && (p.type === 'ConditionalExpression' || p.type === 'LogicalExpression' || p.type === 'JSXExpressionContainer' || p.type === 'TemplateLiteral')) p = p.parent;
  return p && p.type === 'JSXAttribute' ? p : null;
}

/** Whether a literal is what a JSX child expression yields (`<p>{busy ? 'Saving…' : name}</p>`). */
function isJsxChild(node) {
  let p = node.parent;
  while (p && (p.type === 'ConditionalExpression' || p.type === 'LogicalExpression' || p.type === 'TemplateLiteral')) p = p.parent;
  return !!p && p.type === 'JSXExpressionContainer' && (p.parent.type === 'JSXElement' || p.parent.type === 'JSXFragment');
}

const attributeName = (attr) => (attr.name.type === 'JSXNamespacedName' ? `${attr.name.namespace.name}:${attr.name.name.name}` : attr.name.name);

function checkString(context, node, text) {
  if (!LETTER.test(text) || isDeveloperText(node)) return;
  const attr = attributeOf(node);
  if (attr) {
    if (USER_ATTRIBUTE.test(attributeName(attr))) context.report({ node, message: MESSAGE });
    return;
  }
  if (isJsxChild(node) || readsAsProse(text)) context.report({ node, message: MESSAGE });
}

export default {
  rules: {
    'from-catalog': {
      meta: { type: 'problem', docs: { description: 'User-facing words come from the i18n catalog.' }, schema: [] },
      create(context) {
        return {
          JSXText(node) {
            if (LETTER.test(node.value)) context.report({ node, message: MESSAGE });
          },
          Literal(node) {
            if (typeof node.value === 'string') checkString(context, node, node.value);
          },
          TemplateElement(node) {
            checkString(context, node.parent, node.value.cooked ?? node.value.raw);
          },
        };
      },
    },
  },
};
