package tms

import (
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is what a user may do. Every route names the roles it admits.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin      Role = "admin"
	RoleDispatcher Role = "dispatcher"
	RoleBilling    Role = "billing"
	RoleDriver     Role = "driver"
	RoleViewer     Role = "viewer"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleDispatcher, RoleBilling, RoleDriver, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a person who logs in. PasswordHash never leaves the server.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Active       bool      `json:"active"`
	DriverID     *int64    `json:"driver_id,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version"`
}

// NormalizeEmail lower-cases and trims an address so lookups are case-insensitive.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the fields a user must have.
func (u *User) Validate() error {
	v := Validation{}
	u.Email = NormalizeEmail(u.Email)
	_, err := mail.ParseAddress(u.Email)
	v.Check(err == nil && u.Email != "" && !strings.ContainsAny(u.Email, "<> "), "email", "must be a valid email address")
	v.Check(u.Role.Valid(), "role", "must be one of admin, dispatcher, billing, driver, viewer")
	v.Check(len(u.Name) <= 200, "name", "must be at most 200 characters")
	v.Check(u.PasswordHash != "", "password", "is required")
	v.Check(u.DriverID == nil || u.Role == RoleDriver, "driver_id", "only a user with the driver role can be linked to a driver")
	return v.Err()
}

// APIToken lets an integration call the API as a user with `Authorization: Bearer`.
// Only a hash of the secret is stored; Prefix identifies it in lists.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}
