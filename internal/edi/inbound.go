package edi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/x12"
)

// inboundSets are the transaction sets we take in.
func inboundSet(id string) bool { return id == "204" || id == "997" }

// Receive logs an inbound file with its raw bytes and processes it: tenders into the inbox,
// 997s onto the outbound files they answer, and a 997 queued for every group. The file's
// status and errors say how it went; an error is returned only when nothing could be logged.
func (s *Service) Receive(ctx context.Context, filename string, payload []byte) (tms.EDIFile, error) {
	doc := x12.Read(payload)
	f := tms.EDIFile{Direction: tms.EDIInbound, Status: tms.EDIReceived, Filename: filename, Payload: payload, Transaction: setIDs(doc)}
	partner, unknown := s.sender(ctx, doc)
	if unknown == nil {
		f.PartnerID = &partner.ID
	}
	if len(doc.Interchanges) > 0 {
		f.Control = doc.Interchanges[0].Header.Control
	}
	if err := s.Store.LogEDIFile(ctx, &f); err != nil {
		return f, err
	}
	if unknown != nil {
		return s.finish(ctx, f, []string{unknown.Error()})
	}
	return s.finish(ctx, f, s.process(ctx, f, doc, partner))
}

// Retry processes a failed inbound file again, or puts a failed outbound one back in the outbox.
func (s *Service) Retry(ctx context.Context, id int64) (tms.EDIFile, error) {
	f, err := s.Store.EDIFile(ctx, id)
	if err != nil {
		return f, err
	}
	if f.Status != tms.EDIFailed && !(f.Direction == tms.EDIOutbound && f.Status == tms.EDIRejected) {
		return f, tms.Errorf(tms.CodeConflict, "only a failed or rejected file is retried; this one is %s", f.Status)
	}
	if f.Direction == tms.EDIOutbound {
		return s.Store.UpdateEDIFile(ctx, id, func(f *tms.EDIFile) error {
			f.Status, f.Errors = tms.EDIPending, []string{}
			return nil
		})
	}
	doc := x12.Read(f.Payload)
	partner, err := s.sender(ctx, doc)
	if err != nil {
		return s.finish(ctx, f, []string{err.Error()})
	}
	if _, err := s.Store.UpdateEDIFile(ctx, id, func(f *tms.EDIFile) error { f.PartnerID, f.Attempts = &partner.ID, f.Attempts+1; return nil }); err != nil {
		return f, err
	}
	return s.finish(ctx, f, s.process(ctx, f, doc, partner))
}

func (s *Service) finish(ctx context.Context, f tms.EDIFile, errs []string) (tms.EDIFile, error) {
	return s.Store.UpdateEDIFile(ctx, f.ID, func(f *tms.EDIFile) error {
		f.Status, f.Errors = tms.EDIProcessed, append([]string{}, errs...)
		if len(errs) > 0 {
			f.Status = tms.EDIFailed
		}
		return nil
	})
}

// sender finds the partner an interchange comes from.
func (s *Service) sender(ctx context.Context, doc *x12.Document) (tms.TradingPartner, error) {
	if len(doc.Interchanges) == 0 || !doc.Interchanges[0].Enveloped {
		return tms.TradingPartner{}, errors.Join(append([]error{errors.New("no interchange to read")}, issueErrors(doc)...)...)
	}
	h := doc.Interchanges[0].Header
	return s.Store.PartnerBySender(ctx, strings.TrimSpace(h.SenderQualifier), strings.TrimSpace(h.SenderID))
}

// process handles every group of every interchange and returns the errors found.
func (s *Service) process(ctx context.Context, f tms.EDIFile, doc *x12.Document, partner tms.TradingPartner) []string {
	var errs []string
	for _, is := range doc.Errors() {
		errs = append(errs, is.Error())
	}
	for i, ic := range doc.Interchanges {
		for g, grp := range ic.Groups {
			ack := Acknowledge(doc, i+1, g+1, inboundSet)
			for n, set := range grp.Sets {
				if ack.Status == AckRejected || ack.Sets[n].Status != AckAccepted {
					continue
				}
				if err := s.handle(ctx, f, set, partner); err != nil {
					errs = append(errs, fmt.Sprintf("set %s %s: %v", set.ID, set.Control, err))
					ack.reject(n)
				}
			}
			if err := s.acknowledge(ctx, partner, grp, ack); err != nil {
				errs = append(errs, err.Error())
			}
		}
	}
	return errs
}

// reject marks set n refused after the envelope passed (its content could not be used).
func (a *Ack) reject(n int) {
	a.Sets[n].Status, a.Sets[n].Codes = AckRejected, appendCode(a.Sets[n].Codes, setErrorCode)
	a.Accepted--
	a.Status = groupStatus(*a)
}

func (s *Service) handle(ctx context.Context, f tms.EDIFile, set *x12.Set, partner tms.TradingPartner) error {
	switch set.ID {
	case "204":
		return s.fileTender(ctx, f, set, partner)
	case "997":
		return s.applyAck(ctx, f, set, partner)
	}
	return fmt.Errorf("transaction set %s is not taken", set.ID)
}

func (s *Service) fileTender(ctx context.Context, f tms.EDIFile, set *x12.Set, partner tms.TradingPartner) error {
	if !partner.Uses("204") {
		return errors.New("the partner is not set up to send 204s")
	}
	t, err := ParseTender(set)
	if err != nil {
		return err
	}
	detail, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return s.Store.SaveEDITender(ctx, &tms.EDITender{PartnerID: partner.ID, ShipmentID: t.ShipmentID, Purpose: t.Purpose, FileID: f.ID, Detail: detail})
}

// applyAck marks the outbound file a partner's 997 answers accepted or rejected.
func (s *Service) applyAck(ctx context.Context, f tms.EDIFile, set *x12.Set, partner tms.TradingPartner) error {
	a, err := ParseAck(set)
	if err != nil {
		return err
	}
	out, err := s.Store.OutboundByGroupControl(ctx, partner.ID, a.GroupControl)
	if err != nil {
		return err
	}
	_, err = s.Store.UpdateEDIFile(ctx, out.ID, func(o *tms.EDIFile) error {
		o.Status, o.AckFileID = tms.EDIAccepted, &f.ID
		if a.Status != AckAccepted && a.Status != AckErrors {
			o.Status = tms.EDIRejected
			o.Errors = append(o.Errors, fmt.Sprintf("997 %s, codes %v", a.Status, a.Codes))
		}
		return nil
	})
	return err
}

// acknowledge queues the 997 for a group, unless the group is itself a 997 or the partner
// takes none.
func (s *Service) acknowledge(ctx context.Context, partner tms.TradingPartner, grp *x12.Group, ack Ack) error {
	if grp.FunctionalID == "FA" || !partner.Uses("997") {
		return nil
	}
	return s.Store.QueueEDIFile(ctx, outbound(partner, "997"), s.render(partner, ack.Set()))
}

func setIDs(doc *x12.Document) string {
	var ids []string
	for _, ic := range doc.Interchanges {
		for _, g := range ic.Groups {
			for _, st := range g.Sets {
				if !slices.Contains(ids, st.ID) {
					ids = append(ids, st.ID)
				}
			}
		}
	}
	return strings.Join(ids, ",")
}

func issueErrors(doc *x12.Document) []error {
	var out []error
	for _, is := range doc.Errors() {
		out = append(out, is)
	}
	return out
}
