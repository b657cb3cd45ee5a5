package edi

import (
	"context"
	"errors"
	"fmt"

	"github.com/anditms/tms/internal/tms"
)

// Mailbox is an open session with a partner's remote directories (SFTP).
type Mailbox interface {
	// Fetch calls take for every waiting file and removes it once take returned nil.
	Fetch(ctx context.Context, take func(name string, data []byte) error) error
	// Put writes one file for the partner to collect.
	Put(ctx context.Context, name string, data []byte) error
	Close() error
}

// Dialer opens a partner's mailbox.
type Dialer func(ctx context.Context, e tms.SFTPEndpoint) (Mailbox, error)

// outboxBatch is how many outbound files one exchange puts per partner.
const outboxBatch = 100

// Exchange visits every active partner with an SFTP address: their files are fetched and read
// (Receive; a file is removed remotely only after its log row is stored), then our pending
// files are put. It returns how many files moved; one partner's failure does not stop the
// others and is returned joined with the rest.
func (s *Service) Exchange(ctx context.Context, dial Dialer) (int, error) {
	partners, err := s.Store.ListTradingPartners(ctx, tms.MasterFilter{Status: "active", Page: tms.PageRequest{Limit: 500}})
	if err != nil {
		return 0, err
	}
	moved := 0
	var errs []error
	for _, p := range partners.Items {
		if p.SFTP.Address == "" {
			continue
		}
		n, err := s.exchange(ctx, dial, p)
		moved += n
		if err != nil {
			errs = append(errs, fmt.Errorf("partner %s: %w", p.Name, err))
		}
	}
	return moved, errors.Join(errs...)
}

func (s *Service) exchange(ctx context.Context, dial Dialer, p tms.TradingPartner) (int, error) {
	mb, err := dial(ctx, p.SFTP)
	if err != nil {
		return 0, err
	}
	defer mb.Close()
	moved := 0
	err = mb.Fetch(ctx, func(name string, data []byte) error {
		_, err := s.Receive(ctx, name, data)
		if err == nil {
			moved++
		}
		return err
	})
	if err != nil {
		return moved, err
	}
	sent, err := s.Store.SendEDIFiles(ctx, p.ID, outboxBatch, func(f tms.EDIFile) error {
		return mb.Put(ctx, f.Filename, f.Payload)
	})
	return moved + sent, err
}
