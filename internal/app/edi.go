package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/anditms/tms/internal/edi"
	"github.com/anditms/tms/internal/sftp"
	"github.com/anditms/tms/internal/tms"
)

// EDI job settings: how often the outbox is filled, how many load events one pass reads and
// how far back invoices are looked at for 210s.
const (
	ediEvery         = time.Minute
	ediEventBatch    = 500
	ediInvoiceWindow = 14
	ediSFTPTimeout   = 2 * time.Minute
)

// ediJobs fill the EDI outbox: 214s from the load event log and 210s from sent invoices,
// and, with EDI_SFTP_KEY_FILE set, exchange files with partners' SFTP servers. All are driven
// from database rows (a cursor, one 210 per invoice, the outbox claimed with SKIP LOCKED), so
// every instance may run them.
func (a *App) ediJobs() []job {
	jobs := []job{
		{"edi_status_214", ediEvery, func(ctx context.Context) (int64, error) {
			total := 0
			for {
				n, err := a.EDI.EmitStatuses(ctx, ediEventBatch)
				total += n
				if err != nil || n == 0 {
					return int64(total), err
				}
			}
		}},
		{"edi_invoice_210", ediEvery, func(ctx context.Context) (int64, error) {
			n, err := a.EDI.EmitInvoices(ctx, ediInvoiceWindow)
			return int64(n), err
		}},
	}
	if key := a.Config.EDISFTPKeyFile; key != "" {
		jobs = append(jobs, job{"edi_sftp", ediEvery, func(ctx context.Context) (int64, error) {
			dial, err := sftpDialer(key)
			if err != nil {
				return 0, err
			}
			n, err := a.EDI.Exchange(ctx, dial)
			return int64(n), err
		}})
	}
	return jobs
}

// sftpDialer reads the carrier's key (each pass, so a rotated key needs no restart).
func sftpDialer(keyFile string) (edi.Dialer, error) {
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("EDI_SFTP_KEY_FILE: %w", err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("EDI_SFTP_KEY_FILE: %w", err)
	}
	return func(ctx context.Context, e tms.SFTPEndpoint) (edi.Mailbox, error) {
		return sftp.Dial(ctx, e, signer, ediSFTPTimeout)
	}, nil
}
