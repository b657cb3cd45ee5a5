package api

import (
	"net/http"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type tokenCreate struct {
	Name string `json:"name"`
}

type createdToken struct {
	tms.APIToken
	Token string `json:"token"`
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var req tokenCreate
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	me, _ := web.CurrentUser(r.Context())
	secret, prefix, hash := auth.NewToken()
	t := tms.APIToken{UserID: me.ID, Name: req.Name, Prefix: prefix, Hash: hash}
	if err := a.Store.CreateToken(r.Context(), &t); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, createdToken{APIToken: t, Token: secret})
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) error {
	me, _ := web.CurrentUser(r.Context())
	list, err := a.Store.ListTokens(r.Context(), me.ID)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, list)
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	me, _ := web.CurrentUser(r.Context())
	owner := me.ID
	if me.Role == tms.RoleAdmin {
		owner = 0
	}
	if err := a.Store.RevokeToken(r.Context(), id, owner); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) listAudit(w http.ResponseWriter, r *http.Request) error {
	p, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := a.Store.ListAudit(r.Context(), tms.AuditFilter{Entity: q.Get("entity"), EntityID: q.Get("id"), Page: p})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, page)
}
