import { QrCode } from '../ui/QrCode.tsx';
import { formatDateTime, formatNumber } from '../ui/format.ts';
import type { Reservation } from './reservations.ts';

/** What the barista needs: a code to type or a QR code to scan. */
export function ReservationTicket({ reservation }: { reservation: Reservation }) {
  return (
    <div className="member-qr" data-testid="reservation-ticket">
      <QrCode value={reservation.code} label={`QR code for reservation ${reservation.code}`} />
      <div>
        <div className="small muted">Your code</div>
        <div className="reservation-code" data-testid="reservation-code">{reservation.code}</div>
      </div>
      <p className="small muted">
        {formatNumber(reservation.points)} held until {formatDateTime(reservation.expiresAt)}. Show this at the till; if you do not use it, the points come back.
      </p>
    </div>
  );
}
