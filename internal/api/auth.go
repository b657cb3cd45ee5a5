package api

import (
	"net/http"

	"github.com/anditms/tms/internal/auth"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := a.Login.Check(r.Context(), req.Email, req.Password, web.ClientIP(r))
	if err != nil {
		return err
	}
	if err := web.StartSession(r.Context(), a.Sessions, u); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, u)
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) error {
	if err := a.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	u, _ := web.CurrentUser(r.Context())
	return web.WriteJSON(w, http.StatusOK, u)
}

type passwordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

func (a *API) changePassword(w http.ResponseWriter, r *http.Request) error {
	var req passwordChange
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	me, _ := web.CurrentUser(r.Context())
	if !auth.CheckPassword(me.PasswordHash, req.Current) {
		return &tms.Error{Code: tms.CodeInvalid, Message: "validation failed", Fields: map[string]string{"current_password": "is wrong"}}
	}
	hash, err := auth.HashPassword(req.New)
	if err != nil {
		return err
	}
	u, err := a.Store.UpdateUser(r.Context(), me.ID, func(u *tms.User) error { u.PasswordHash = hash; return nil })
	if err != nil {
		return err
	}
	return a.passwordChanged(w, r, u)
}

// passwordChanged is the answer to a password change: every other session of the user has
// ended (this one goes on with a new token, when the change came by session); the API tokens,
// which a password does not guard, are listed for revocation.
func (a *API) passwordChanged(w http.ResponseWriter, r *http.Request, u tms.User) error {
	if tms.ActorFrom(r.Context()).Source != tms.SourceAPI {
		if err := web.StartSession(r.Context(), a.Sessions, u); err != nil {
			return err
		}
	}
	tokens, err := a.Store.ListTokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, passwordChangedView{OtherSessionsEnded: true, APITokens: tokens})
}

type passwordChangedView struct {
	OtherSessionsEnded bool           `json:"other_sessions_ended"`
	APITokens          []tms.APIToken `json:"api_tokens"` // still valid: revoke them with DELETE /api/v1/tokens/{id}
}
