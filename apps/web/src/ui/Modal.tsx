import { useEffect, useRef, type ReactNode } from 'react';

/** A native <dialog>: focus moves in, Escape closes, the page behind is inert. */
export function Modal({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-label={title}>
      {open && (
        <div className="dialog-body stack">
          <h2>{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
