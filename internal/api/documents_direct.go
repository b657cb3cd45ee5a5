package api

import (
	"net/http"
	"time"

	"github.com/anditms/tms/internal/blob"
	"github.com/anditms/tms/internal/documents"
	"github.com/anditms/tms/internal/tms"
	"github.com/anditms/tms/internal/web"
)

// uploadURLInput declares a direct upload; stop_id narrows a load to one of its stops.
type uploadURLInput struct {
	documents.UploadRequest
	StopID int64 `json:"stop_id,omitempty"`
}

// directUploadView is the pending document and the request the client makes with it.
type directUploadView struct {
	Document tms.Document  `json:"document"`
	Upload   presignedView `json:"upload"`
}

// presignedView is a presigned request: send every header as given.
type presignedView struct {
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers"`
	ExpiresAt time.Time         `json:"expires_at"`
}

func (a *API) createUploadURL(kind tms.OwnerKind) web.Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in uploadURLInput
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		up, err := a.Documents.CreateUploadURL(r.Context(), tms.Owner{Kind: kind, ID: id, StopID: in.StopID}, in.UploadRequest)
		if err != nil {
			return err
		}
		return web.WriteJSON(w, http.StatusCreated, directUploadView{Document: up.Document, Upload: viewPresigned(up.Upload)})
	}
}

func viewPresigned(p blob.Presigned) presignedView {
	h := make(map[string]string, len(p.Header))
	for name := range p.Header {
		h[name] = p.Header.Get(name)
	}
	return presignedView{Method: p.Method, URL: p.URL, Headers: h, ExpiresAt: p.Expires}
}
