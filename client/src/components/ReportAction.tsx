import { useState } from 'react';
import { Text } from '@tarojs/components';
import { reportMessage } from '../services';
import { pressable } from '../platform/pressable';
import { errorText, t } from '../i18n';
import { ConfirmBar } from './ConfirmBar';

/** Reports a stored message to the server's operator (issue 12), asked first; says when it went through. */
export function ReportAction({ roomId, messageId }: { roomId: string; messageId: string }) {
  const [asked, setAsked] = useState(false);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const ask = () => setAsked(true);
  const send = async () => {
    setAsked(false);
    const result = await reportMessage(roomId, messageId);
    setNote(result.ok ? { error: false, text: t('report.sent') } : { error: true, text: errorText(result.error.code) });
  };
  if (note)
    return <Text className={note.error ? 'form-error report-error' : 'message-time report-sent'}>{note.text}</Text>;
  return (
    <>
      <Text className="message-report" onClick={ask} {...pressable(ask)}>
        {t('report.action')}
      </Text>
      {asked ? (
        <ConfirmBar
          text={t('report.ask')}
          confirmLabel={t('report.send')}
          confirmClass="report-confirm"
          onConfirm={() => void send()}
          onCancel={() => setAsked(false)}
        />
      ) : null}
    </>
  );
}
