import { useState } from 'react';

/** What came of the last copy: done, failed (no clipboard, or refused), or none yet. */
export type Copied = 'yes' | 'failed' | null;

/** Copies texts to the clipboard, keeping what came of the last copy for a status beside the button. */
export function useClipboard(): { copied: Copied; copy: (text: string) => Promise<void> } {
  const [copied, setCopied] = useState<Copied>(null);
  const copy = async (text: string) => {
    try {
      if (!navigator.clipboard) {
        throw new Error('no clipboard');
      }
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return { copied, copy };
}

/** The status of a copy button (always there, so that a change is announced); {@code what} names what to copy by hand. */
export function CopyStatus({ id, copied, what }: { id: string; copied: Copied; what: string }) {
  return (
    <div id={id} role="status" className={copied === 'failed' ? 'field-error' : 'hint'}>
      {copied === 'yes'
        ? 'Copied to the clipboard.'
        : copied === 'failed'
          ? `Couldn't copy: select ${what} and copy it yourself.`
          : null}
    </div>
  );
}
