package api

import (
	"net/http"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type userCreate struct {
	Email    string   `json:"email"`
	Name     string   `json:"name"`
	Role     tms.Role `json:"role"`
	Password string   `json:"password,omitempty"`
	DriverID *int64   `json:"driver_id,omitempty"`
}

type createdUser struct {
	tms.User
	GeneratedPassword string `json:"generated_password,omitempty"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	var req userCreate
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, generated, err := auth.NewUser(req.Email, req.Name, req.Role, req.Password)
	if err != nil {
		return err
	}
	u.DriverID = req.DriverID
	if err := a.Store.CreateUser(r.Context(), &u); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, createdUser{User: u, GeneratedPassword: generated})
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	page, err := a.Store.ListUsers(r.Context(), p)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := a.Store.User(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, u)
}

type userPatch struct {
	Name     *string   `json:"name,omitempty"`
	Role     *tms.Role `json:"role,omitempty"`
	Active   *bool     `json:"active,omitempty"`
	DriverID *int64    `json:"driver_id,omitempty"`
	Password *string   `json:"password,omitempty"`
	Version  int       `json:"version,omitempty"`
}

func (p userPatch) apply(u *tms.User) error {
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Role != nil {
		u.Role = *p.Role
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
	if p.DriverID != nil {
		u.DriverID = p.DriverID
	}
	if p.Password != nil {
		hash, err := auth.HashPassword(*p.Password)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
	}
	return nil
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req userPatch
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	want, err := expectedVersion(r, req.Version)
	if err != nil {
		return err
	}
	u, err := a.Store.UpdateUser(r.Context(), id, func(u *tms.User) error {
		if err := tms.CheckVersion(want, u.Version); err != nil {
			return err
		}
		before := *u
		if err := req.apply(u); err != nil {
			return err
		}
		return auth.KeepAnAdmin(r.Context(), a.Store, before, *u)
	})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, u)
}
