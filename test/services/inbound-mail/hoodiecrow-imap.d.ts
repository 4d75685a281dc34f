/** The part of hoodiecrow-imap (a scriptable IMAP server, no types of its own) these tests use. */
declare module 'hoodiecrow-imap' {
  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, unknown>;
    debug?: boolean;
  }
  interface HoodiecrowServer {
    listen(port: number, host: string, ready: () => void): void;
    close(callback: () => void): void;
    appendMessage(mailbox: string, flags: string[], internaldate: Date, raw: string): unknown;
  }
  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
