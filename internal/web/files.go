package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// WritePDF sends a generated PDF to be shown in the browser under filename. It is private
// business paperwork: never cached.
func WritePDF(w http.ResponseWriter, filename string, pdf []byte) error {
	writeFile(w, "application/pdf", "inline", filename, pdf)
	return nil
}

// WriteCSV renders a CSV file with write and sends it as a download named filename. The file
// is built in memory first, so an error while writing it is an error page, never a cut-off
// file.
func WriteCSV(w http.ResponseWriter, filename string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	writeFile(w, "text/csv; charset=utf-8", "attachment", filename, buf.Bytes())
	return nil
}

// WriteEDI sends an X12 file's bytes under filename: a download for the API, or shown as plain
// text in the browser (inline) for the UI's file log.
func WriteEDI(w http.ResponseWriter, filename string, payload []byte, inline bool) error {
	if inline {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		writeFile(w, "text/plain; charset=utf-8", "inline", filename, payload)
		return nil
	}
	writeFile(w, "application/edi-x12", "attachment", filename, payload)
	return nil
}

// ServeInline streams a stored file (a PDF or an image preview) to show in the browser,
// framable by our own pages only: the site-wide policy forbids every frame.
func ServeInline(w http.ResponseWriter, contentType, filename string, size int64, body io.Reader) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": filename}))
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	_, _ = io.Copy(w, body) // a failed copy means the client left
}

func writeFile(w http.ResponseWriter, contentType, disposition, filename string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": filename}))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(body) // a failed write means the client left
}
