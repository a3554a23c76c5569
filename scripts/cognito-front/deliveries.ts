/**
 * The codes the front "sends". AWS emails (or texts) them; the local stack hands each one to a
 * listener instead: `npm start` prints it, tests read it. One shape for every kind of code, so
 * whoever adds a delivery (sign-up, resend, forgot password, email OTP) reports it the same way.
 */
export type DeliveryPurpose = 'sign-up' | 'resend' | 'forgot-password' | 'email-otp';

export interface Delivery {
  purpose: DeliveryPurpose;
  /** The Cognito username (for email sign-in pools, the user's `sub` or email as stored). */
  username: string;
  /** Where AWS would send it, unmasked (the local stack has nowhere else to show it). */
  email: string;
  code: string;
}

export type DeliveryListener = (delivery: Delivery) => void;

/** A delivery destination as AWS shows it to the caller: "d***@c***". */
export const maskEmail = (email: string): string => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
};

/** Keeps the last code per (email, purpose) and tells the listener, if any; a throwing listener is ignored. */
export class Deliveries {
  private readonly last = new Map<string, Delivery>();
  /** Per email, every delivery in order sent (a local stack sends few). */
  private readonly sentTo = new Map<string, Delivery[]>();

  constructor(private readonly listener?: DeliveryListener) {}

  send(delivery: Delivery): void {
    this.last.set(`${delivery.email.toLowerCase()}|${delivery.purpose}`, delivery);
    const email = delivery.email.toLowerCase();
    this.sentTo.set(email, [...(this.sentTo.get(email) ?? []), delivery]);
    try {
      this.listener?.(delivery);
    } catch {
      // A printing failure must not fail the Cognito call that sent the code.
    }
  }

  /** The last code of `purpose` sent to `email` in this process. */
  latest(email: string, purpose: DeliveryPurpose): Delivery | undefined {
    return this.last.get(`${email.toLowerCase()}|${purpose}`);
  }

  /** The last code sent to `email` in this process whose purpose is one of `purposes` (default: any). */
  newest(email: string, purposes?: readonly DeliveryPurpose[]): Delivery | undefined {
    const sent = this.sentTo.get(email.toLowerCase()) ?? [];
    return sent.findLast((d) => !purposes || purposes.includes(d.purpose));
  }
}
