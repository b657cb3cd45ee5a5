package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/anditms/tms/internal/tms"
)

const stopColumns = `id, load_id, seq, kind, facility_id, appointment_start, appointment_end, refs, status,
	arrived_at, departed_at, notes`

// stopsOf returns the stops of each load, in order.
func (db *DB) stopsOf(ctx context.Context, q queryer, loadIDs []int64) (map[int64][]tms.Stop, error) {
	out := make(map[int64][]tms.Stop, len(loadIDs))
	if len(loadIDs) == 0 {
		return out, nil
	}
	args := anySlice(loadIDs)
	rows, err := q.QueryContext(ctx, db.Q(`SELECT `+stopColumns+` FROM stops WHERE load_id IN (`+placeholders(len(args))+`) ORDER BY load_id, seq`), args...)
	if err != nil {
		return nil, db.wrap(err, "stops")
	}
	defer rows.Close()
	for rows.Next() {
		var s tms.Stop
		var loadID int64
		var arrived, departed sql.NullTime
		if err := rows.Scan(&s.ID, &loadID, &s.Seq, &s.Kind, &s.FacilityID, &s.AppointmentStart, &s.AppointmentEnd,
			&s.References, &s.Status, &arrived, &departed, &s.Notes); err != nil {
			return nil, db.wrap(err, "scan stop")
		}
		s.AppointmentStart, s.AppointmentEnd = s.AppointmentStart.UTC(), s.AppointmentEnd.UTC()
		s.ArrivedAt, s.DepartedAt = timePtr(arrived), timePtr(departed)
		out[loadID] = append(out[loadID], s)
	}
	return out, db.wrap(rows.Err(), "stops")
}

// syncStops makes the stored stops of a load equal to after: new stops (id 0) are inserted
// and get their ids, known ones updated, vanished ones deleted.
func (tx *Tx) syncStops(ctx context.Context, loadID int64, before, after []tms.Stop) error {
	keep := map[int64]bool{}
	known := map[int64]bool{}
	for _, s := range before {
		known[s.ID] = true
	}
	for i := range after {
		s := &after[i]
		if s.ID != 0 && !known[s.ID] {
			return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed",
				Fields: map[string]string{fmt.Sprintf("stops[%d].id", i): "is not a stop of this load"}}
		}
		keep[s.ID] = true
	}
	if err := tx.deleteStops(ctx, loadID, before, keep); err != nil {
		return err
	}
	for i := range after {
		if err := tx.writeStop(ctx, loadID, &after[i]); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) deleteStops(ctx context.Context, loadID int64, before []tms.Stop, keep map[int64]bool) error {
	var gone []any
	for _, s := range before {
		if !keep[s.ID] {
			gone = append(gone, s.ID)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `DELETE FROM stops WHERE load_id = ? AND id IN (`+placeholders(len(gone))+`)`, append([]any{loadID}, gone...)...)
	return err
}

func (tx *Tx) writeStop(ctx context.Context, loadID int64, s *tms.Stop) error {
	args := []any{loadID, s.Seq, s.Kind, s.FacilityID, UTC(s.AppointmentStart), UTC(s.AppointmentEnd), s.References, s.Status,
		nullTime(s.ArrivedAt), nullTime(s.DepartedAt), s.Notes}
	cols := strings.Split(strings.ReplaceAll(stopColumns, "\n\t", " "), ", ")[1:]
	if s.ID == 0 {
		id, err := tx.InsertID(ctx, `INSERT INTO stops (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, args...)
		s.ID = id
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE stops SET load_id = ?, seq = ?, kind = ?, facility_id = ?, appointment_start = ?, appointment_end = ?,
		refs = ?, status = ?, arrived_at = ?, departed_at = ?, notes = ? WHERE id = ?`, append(args, s.ID)...)
	return err
}
