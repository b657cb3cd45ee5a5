package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/anditms/tms/internal/tms"
)

const userColumns = `id, email, name, role, active, driver_id, password_hash, created_at, updated_at, version`

func scanUser(row interface{ Scan(...any) error }) (tms.User, error) {
	var u tms.User
	var driver nullInt
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &driver, &u.PasswordHash, &u.CreatedAt, &u.UpdatedAt, &u.Version)
	u.DriverID = driver.ptr()
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

// CreateUser inserts u and fills its id, timestamps and version.
func (db *DB) CreateUser(ctx context.Context, u *tms.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *Tx) error {
		if err := checkDriverLink(ctx, tx, *u); err != nil {
			return err
		}
		u.CreatedAt, u.UpdatedAt, u.Version = tx.Now, tx.Now, 1
		id, err := tx.InsertID(ctx, `INSERT INTO users (email, name, role, active, driver_id, password_hash, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Email, u.Name, u.Role, u.Active, nullableID(u.DriverID), u.PasswordHash, u.CreatedAt, u.UpdatedAt, u.Version)
		if tms.ErrorCode(err) == tms.CodeConflict {
			return &tms.Error{Code: tms.CodeConflict, Message: "a user with this email exists", Fields: map[string]string{"email": "is taken"}}
		}
		if err != nil {
			return err
		}
		u.ID = id
		if err := linkDriver(ctx, tx, *u); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", id, "create", nil, u)
	})
}

// User returns the user with id.
func (db *DB) User(ctx context.Context, id int64) (tms.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, db.Q(`SELECT `+userColumns+` FROM users WHERE id = ?`), id))
	return u, db.notFound(err, "user", id)
}

// UserByEmail returns the user with the (case-insensitive) email.
func (db *DB) UserByEmail(ctx context.Context, email string) (tms.User, error) {
	email = tms.NormalizeEmail(email)
	u, err := scanUser(db.read.QueryRowContext(ctx, db.Q(`SELECT `+userColumns+` FROM users WHERE email = ?`), email))
	return u, db.notFound(err, "user", email)
}

// CountUsers returns how many accounts exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	return cached(ctx, db, "CountUsers", one, func() (int, error) {
		var n int
		return n, db.count(ctx, "users", where{}, &n)
	})
}

// ListUsers lists users by email.
func (db *DB) ListUsers(ctx context.Context, p tms.PageRequest) (tms.Page[tms.User], error) {
	p = p.Normalize()
	page := tms.Page[tms.User]{Limit: p.Limit, Offset: p.Offset, Items: []tms.User{}}
	if err := db.count(ctx, "users", where{}, &page.Total); err != nil {
		return page, err
	}
	rows, err := db.read.QueryContext(ctx, db.Q(`SELECT `+userColumns+` FROM users ORDER BY email LIMIT ? OFFSET ?`), p.Limit, p.Offset)
	if err != nil {
		return page, db.wrap(err, "list users")
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return page, db.wrap(err, "scan user")
		}
		page.Items = append(page.Items, u)
	}
	return page, db.wrap(rows.Err(), "list users")
}

// UpdateUser applies fn to the user and saves it, bumping the version.
func (db *DB) UpdateUser(ctx context.Context, id int64, fn func(*tms.User) error) (tms.User, error) {
	var out tms.User
	err := db.InTx(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`+db.dialect.ForUpdate, id))
		if errors.Is(err, sql.ErrNoRows) {
			return tms.NotFound("user", id)
		} else if err != nil {
			return db.wrap(err, "get user")
		}
		u := before
		if err := fn(&u); err != nil {
			return err
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := checkDriverLink(ctx, tx, u); err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.UpdatedAt, u.Version = before.ID, before.CreatedAt, tx.Now, before.Version+1
		_, err = tx.Exec(ctx, `UPDATE users SET email = ?, name = ?, role = ?, active = ?, driver_id = ?, password_hash = ?,
			updated_at = ?, version = ? WHERE id = ?`,
			u.Email, u.Name, u.Role, u.Active, nullableID(u.DriverID), u.PasswordHash, u.UpdatedAt, u.Version, id)
		if err != nil {
			return err
		}
		out = u
		if err := linkDriver(ctx, tx, u); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", id, "update", before, u)
	})
	return out, err
}

// checkDriverLink enforces one login per driver: the driver u links to exists and no other
// user is linked to it (User.Validate admits only driver-role users).
func checkDriverLink(ctx context.Context, tx *Tx, u tms.User) error {
	if u.DriverID == nil {
		return nil
	}
	var name string
	err := tx.QueryRow(ctx, `SELECT name FROM drivers WHERE id = ?`, *u.DriverID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"driver_id": "is not a known driver"}}
	} else if err != nil {
		return tx.db.wrap(err, "get driver")
	}
	var email string
	err = tx.QueryRow(ctx, `SELECT email FROM users WHERE driver_id = ? AND id <> ?`, *u.DriverID, u.ID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return tx.db.wrap(err, "get driver login")
	}
	return &tms.Error{Code: tms.CodeConflict, Message: "driver " + name + " already has a login (" + email + ")",
		Fields: map[string]string{"driver_id": "already has a login (" + email + ")"}}
}

// linkDriver points the driver record at its login, and no other driver at it.
func linkDriver(ctx context.Context, tx *Tx, u tms.User) error {
	if _, err := tx.Exec(ctx, `UPDATE drivers SET user_id = NULL WHERE user_id = ?`, u.ID); err != nil || u.DriverID == nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE drivers SET user_id = ? WHERE id = ?`, u.ID, *u.DriverID)
	return err
}
