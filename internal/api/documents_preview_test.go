package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/anditms/tms/internal/apitest"
	"github.com/anditms/tms/internal/testenv"
)

// TestDocumentPreview: on both engines, a POD photo and a generated BOL preview inline (their
// own content type, Content-Disposition inline, framable by our pages only) while download
// stays an attachment; a driver cannot preview another driver's load's documents, and a
// file browsers cannot show is refused.
func TestDocumentPreview(t *testing.T) {
	for _, f := range testenv.Factories(t) {
		t.Run(f.Name, func(t *testing.T) {
			e := newDocEnv(t, apitest.DefaultConfig(t), f.Open(t))
			var pod struct{ ID int64 }
			uploadPOD(e.driver, e.mine, podPNG(t)).Want(201).JSON(&pod)
			var bol struct{ ID int64 }
			e.dispatcher.Do("POST", "/api/v1/loads/"+fmt.Sprint(e.mine.ID)+"/bol", nil).Want(201).JSON(&bol)

			for id, ct := range map[int64]string{pod.ID: "image/png", bol.ID: "application/pdf"} {
				r := e.viewer.Do("GET", "/api/v1/documents/"+fmt.Sprint(id)+"/preview", nil).Want(200)
				if r.Header.Get("Content-Type") != ct || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "inline;") ||
					r.Header.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
					t.Errorf("preview %d headers = %v", id, r.Header)
				}
				dl := e.viewer.Do("GET", "/api/v1/documents/"+fmt.Sprint(id)+"/download", nil).Want(200)
				if !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") || !bytes.Equal(dl.Body, r.Body) {
					t.Errorf("download %d: %q, %d bytes; want the same file as an attachment", id, dl.Header.Get("Content-Disposition"), len(dl.Body))
				}
			}
			e.driver2.Do("GET", "/api/v1/documents/"+fmt.Sprint(pod.ID)+"/preview", nil).Want(403)

			var tiff struct{ ID int64 }
			e.dispatcher.Upload("/api/v1/loads/"+fmt.Sprint(e.mine.ID)+"/documents", map[string]string{"type": "other"}, "scan.tif",
				[]byte("II*\x00\x08\x00\x00\x00")).Want(201).JSON(&tiff)
			e.viewer.Do("GET", "/api/v1/documents/"+fmt.Sprint(tiff.ID)+"/preview", nil).Want(409)
		})
	}
}
