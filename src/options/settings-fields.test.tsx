// The settings form's fields say their words in the browser's language, and each field is wired
// to its own key in the form. Read from the element tree, without a DOM.
import { isValidElement, type VNode } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { useLanguage } from '../shared/i18n-fake.ts';
import type { Settings } from '../shared/settings.ts';
import { SettingsFields } from './settings-fields.tsx';
import { toForm, type SettingsForm } from './settings-form.ts';

// The redirect URL field reads the browser's identity API when it renders, which this test never does.
vi.mock('../shared/browser.ts', () => ({ browser: {} }));

const settings: Settings = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_AbC123xyz',
  clientId: 'abc123',
  authFlow: 'USER_AUTH',
  apiUrl: 'https://api.cruddur.com',
  webAppOrigins: ['https://cruddur.com'],
};

type Props = Record<string, unknown> & { children?: unknown };

/** Every element in the tree the component returns (its children's own renders are not run). */
function elements(node: unknown): VNode<Props>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (!isValidElement(node)) return [];
  const vnode = node as VNode<Props>;
  return [vnode, ...elements(vnode.props.children)];
}

function fields(form: SettingsForm, onChange = vi.fn()) {
  const tree = elements(SettingsFields({ form, errors: { apiUrl: 'Enter the API address.' }, onChange }));
  const byId = (id: string) => tree.find((e) => e.props.id === id)!.props;
  const legends = tree.filter((e) => e.type === 'legend').map((e) => e.props.children);
  return { byId, legends };
}

describe('the settings fields', () => {
  it('in English, say what they said before the catalog, with the hint of the chosen flow', () => {
    const { byId, legends } = fields(toForm(settings));
    expect(legends).toEqual(['Amazon Cognito', 'Cruddur', 'Managed login']);
    expect(byId('userPoolId')).toMatchObject({ label: 'User pool id', hint: '<region>_<id>, for example us-east-1_AbC123xyz.' });
    expect(byId('authFlow').hint).toBe('Choice-based sign-in: a password (by SRP) or a code sent by email. The app client must allow USER_AUTH.');
    expect(fields({ ...toForm(settings), authFlow: 'USER_SRP_AUTH' }).byId('authFlow').hint).toBe('The password never leaves this device.');
  });

  it('in German, read the German catalog', () => {
    useLanguage('de');
    const { byId, legends } = fields(toForm(settings));
    expect(legends).toEqual(['Amazon Cognito', 'Cruddur', 'Verwaltete Anmeldung']);
    expect(byId('userPoolId').label).toBe('Benutzerpool-ID');
    expect(byId('identityProviders')).toMatchObject({ label: 'Identitätsanbieter', hint: expect.stringContaining('„Weiter mit“') });
    expect(byId('authFlow').hint).toBe('Anmeldung nach Wahl: Passwort (per SRP) oder ein per E-Mail gesendeter Code. Der App-Client muss USER_AUTH erlauben.');
  });

  it('give each field its own value and error, and report a change under its own key', () => {
    const onChange = vi.fn();
    const { byId } = fields(toForm(settings), onChange);
    expect(byId('webAppOrigins')).toMatchObject({ value: 'https://cruddur.com', rows: 3, error: undefined });
    expect(byId('apiUrl')).toMatchObject({ value: 'https://api.cruddur.com', error: 'Enter the API address.' });
    (byId('identityProviders').onValue as (v: string) => void)('Google\nOkta');
    (byId('region').onValue as (v: string) => void)('eu-west-1');
    expect(onChange.mock.calls).toEqual([
      ['identityProviders', 'Google\nOkta'],
      ['region', 'eu-west-1'],
    ]);
  });
});
