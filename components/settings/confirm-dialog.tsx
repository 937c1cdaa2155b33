"use client";
/** A yes/no question before an action that is hard to undo (make owner, remove, decline), in a Radix dialog. */
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  closeLabel: string;
  onConfirm: () => void;
  danger?: boolean;
  testId?: string;
}) {
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.title}
      description={props.body}
      closeLabel={props.closeLabel}
      testId={props.testId}
      footer={
        <>
          <Button variant="secondary" onClick={() => props.onOpenChange(false)}>
            {props.cancelLabel}
          </Button>
          <Button
            variant={props.danger ? "danger" : "primary"}
            data-testid={props.testId ? `${props.testId}-confirm` : undefined}
            onClick={() => {
              props.onOpenChange(false);
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
