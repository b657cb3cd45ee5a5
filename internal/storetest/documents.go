package storetest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func testDocuments(t *testing.T, newStore NewStore) {
	tests := map[string]func(*testing.T, tms.Store, docEnv){
		"versions per series":     testDocumentVersions,
		"pending until confirmed": testDocumentPending,
		"soft delete and restore": testDocumentDelete,
		"owners and validation":   testDocumentOwners,
		"all documents paged":     testAllDocuments,
		"pending by age":          testPendingDocuments,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			s := newStore(t)
			f := NewFixtures(t, s)
			l := f.Load(f.MondayMorning)
			must(t, s.CreateLoad(ctxAs(0), &l))
			fn(t, s, docEnv{f: f, load: l, user: mustCreateUser(t, s, "docs@example.com", tms.RoleDispatcher)})
		})
	}
}

type docEnv struct {
	f    Fixtures
	load tms.Load
	user tms.User
}

// doc returns an unsaved active document of owner o.
func doc(o tms.Owner, typ tms.DocumentType, key string) tms.Document {
	d := tms.Document{Type: typ, Filename: "scan.pdf", ContentType: "application/pdf", Size: 1234,
		SHA256: strings.Repeat("ab", 32), StorageKey: key, Status: tms.DocumentActive}
	d.SetOwner(o)
	return d
}

func mustCreateDocument(t *testing.T, s tms.Store, userID int64, d tms.Document) tms.Document {
	t.Helper()
	if err := s.CreateDocument(ctxAs(userID), &d); err != nil {
		t.Fatalf("CreateDocument(%s %s): %v", d.Owner(), d.Type, err)
	}
	return d
}

func listDocs(t *testing.T, s tms.Store, f tms.DocumentFilter) []tms.Document {
	t.Helper()
	docs, err := s.ListDocuments(ctxAs(0), f)
	if err != nil {
		t.Fatalf("ListDocuments(%+v): %v", f, err)
	}
	return docs
}

func ids(docs []tms.Document) []int64 {
	out := []int64{}
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

func testDocumentVersions(t *testing.T, s tms.Store, e docEnv) {
	load := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}
	atStop := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID, StopID: e.load.Stops[1].ID}
	pod1 := mustCreateDocument(t, s, e.user.ID, doc(atStop, tms.DocPOD, "k/1"))
	pod2 := mustCreateDocument(t, s, e.user.ID, doc(atStop, tms.DocPOD, "k/2"))
	bol := mustCreateDocument(t, s, e.user.ID, doc(load, tms.DocBOL, "k/3"))
	loadPOD := mustCreateDocument(t, s, e.user.ID, doc(load, tms.DocPOD, "k/4"))
	for _, tt := range []struct {
		d    tms.Document
		want int
	}{{pod1, 1}, {pod2, 2}, {bol, 1}, {loadPOD, 1}} {
		if tt.d.Version != tt.want {
			t.Errorf("%s %s (%s) got version %d, want %d", tt.d.Owner(), tt.d.Type, tt.d.StorageKey, tt.d.Version, tt.want)
		}
	}
	got, err := s.Document(ctxAs(0), pod2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pod2, got); diff != "" {
		t.Errorf("Document(%d) differs from what CreateDocument returned (-created +read):\n%s", pod2.ID, diff)
	}
	if got.UploadedBy != e.user.ID || got.UploadedByEmail != "tester@example.com" || got.UploadedAt.IsZero() {
		t.Errorf("uploaded by %d %q at %v, want user %d, tester@example.com and a time", got.UploadedBy, got.UploadedByEmail, got.UploadedAt, e.user.ID)
	}
	all := listDocs(t, s, tms.DocumentFilter{Owner: load})
	if diff := cmp.Diff([]int64{loadPOD.ID, bol.ID, pod2.ID, pod1.ID}, ids(all)); diff != "" {
		t.Errorf("ListDocuments(load) ids, newest first (-want +got):\n%s", diff)
	}
	series := listDocs(t, s, tms.DocumentFilter{Owner: load, Series: pod1.Series()})
	if diff := cmp.Diff([]int64{pod2.ID, pod1.ID}, ids(series)); diff != "" {
		t.Errorf("ListDocuments(series %s) ids (-want +got):\n%s", pod1.Series(), diff)
	}
	if stop := listDocs(t, s, tms.DocumentFilter{Owner: atStop}); len(stop) != 2 {
		t.Errorf("ListDocuments(stop %d) got %d documents, want 2", atStop.StopID, len(stop))
	}
	types, err := s.LoadDocumentTypes(ctxAs(0), e.load.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]tms.DocumentType{tms.DocBOL, tms.DocPOD}, types); diff != "" {
		t.Errorf("LoadDocumentTypes (-want +got):\n%s", diff)
	}
	// Loads without documents are left out; the load past the first page of ids is read too.
	many := make([]int64, tms.MaxPageSize+1)
	for i := range many {
		many[i] = e.load.ID + 1000 + int64(i)
	}
	many[len(many)-1] = e.load.ID
	byLoad, err := s.DocumentTypesOf(ctxAs(0), many)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[int64][]tms.DocumentType{e.load.ID: {tms.DocBOL, tms.DocPOD}}, byLoad); diff != "" {
		t.Errorf("DocumentTypesOf (-want +got):\n%s", diff)
	}
	if none, err := s.DocumentTypesOf(ctxAs(0), nil); err != nil || len(none) != 0 {
		t.Errorf("DocumentTypesOf(no loads) = %v, %v; want empty", none, err)
	}
}

func testDocumentPending(t *testing.T, s tms.Store, e docEnv) {
	load := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}
	pending := doc(load, tms.DocPOD, "k/pending")
	pending.Status = tms.DocumentPending
	pending = mustCreateDocument(t, s, e.user.ID, pending)
	if got := listDocs(t, s, tms.DocumentFilter{Owner: load, IncludeDeleted: true}); len(got) != 0 {
		t.Errorf("a pending document is listed: %+v", got)
	}
	if types, _ := s.LoadDocumentTypes(ctxAs(0), e.load.ID); len(types) != 0 {
		t.Errorf("LoadDocumentTypes counts a pending document: %v", types)
	}
	if byLoad, _ := s.DocumentTypesOf(ctxAs(0), []int64{e.load.ID}); len(byLoad) != 0 {
		t.Errorf("DocumentTypesOf counts a pending document: %v", byLoad)
	}
	confirmed, err := s.ConfirmDocument(ctxAs(e.user.ID), pending.ID, "v-123")
	if err != nil {
		t.Fatal(err)
	}
	if confirmed.Status != tms.DocumentActive || confirmed.S3VersionID != "v-123" {
		t.Errorf("confirmed = %s %q, want active v-123", confirmed.Status, confirmed.S3VersionID)
	}
	_, err = s.ConfirmDocument(ctxAs(e.user.ID), pending.ID, "")
	wantCode(t, err, tms.CodeConflict)
	wantCode(t, s.DiscardDocument(ctxAs(e.user.ID), pending.ID), tms.CodeConflict)

	gone := doc(load, tms.DocPOD, "k/gone")
	gone.Status = tms.DocumentPending
	gone = mustCreateDocument(t, s, e.user.ID, gone)
	must(t, s.DiscardDocument(ctxAs(e.user.ID), gone.ID))
	_, err = s.Document(ctxAs(0), gone.ID)
	wantCode(t, err, tms.CodeNotFound)
	wantAuditActions(t, s, gone.ID, "discard", "create")
	wantAuditActions(t, s, pending.ID, "confirm", "create")
}

func testDocumentDelete(t *testing.T, s tms.Store, e docEnv) {
	o := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}
	d := mustCreateDocument(t, s, e.user.ID, doc(o, tms.DocPOD, "k/del"))
	deleted, err := s.DeleteDocument(ctxAs(e.user.ID), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if deleted.Status != tms.DocumentDeleted || deleted.DeletedAt == nil || deleted.DeletedBy != "tester@example.com" {
		t.Errorf("deleted = %s at %v by %q, want deleted with a time and tester@example.com", deleted.Status, deleted.DeletedAt, deleted.DeletedBy)
	}
	if got := listDocs(t, s, tms.DocumentFilter{Owner: o}); len(got) != 0 {
		t.Errorf("a deleted document is listed: %+v", got)
	}
	if got := listDocs(t, s, tms.DocumentFilter{Owner: o, IncludeDeleted: true}); len(got) != 1 || got[0].Status != tms.DocumentDeleted {
		t.Errorf("with deleted: %+v, want the deleted document", got)
	}
	if types, _ := s.LoadDocumentTypes(ctxAs(0), e.load.ID); len(types) != 0 {
		t.Errorf("LoadDocumentTypes counts a deleted document: %v", types)
	}
	_, err = s.DeleteDocument(ctxAs(e.user.ID), d.ID)
	wantCode(t, err, tms.CodeConflict)
	restored, err := s.RestoreDocument(ctxAs(e.user.ID), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Status != tms.DocumentActive || restored.DeletedAt != nil || restored.DeletedBy != "" {
		t.Errorf("restored = %+v, want active without deletion marks", restored)
	}
	_, err = s.RestoreDocument(ctxAs(e.user.ID), d.ID)
	wantCode(t, err, tms.CodeConflict)
	_, err = s.DeleteDocument(ctxAs(e.user.ID), 99999)
	wantCode(t, err, tms.CodeNotFound)
	wantAuditActions(t, s, d.ID, "restore", "delete", "create")
}

func wantAuditActions(t *testing.T, s tms.Store, docID int64, want ...string) {
	t.Helper()
	page, err := s.ListAudit(ctxAs(0), tms.AuditFilter{Entity: "document", EntityID: strconv.FormatInt(docID, 10)})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, e := range page.Items {
		got = append(got, e.Action)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit actions of document %d, newest first (-want +got):\n%s", docID, diff)
	}
}

func testDocumentOwners(t *testing.T, s tms.Store, e docEnv) {
	for i, o := range []tms.Owner{
		{Kind: tms.OwnerDriver, ID: e.f.Driver.ID}, {Kind: tms.OwnerTruck, ID: e.f.Truck.ID}, {Kind: tms.OwnerTrailer, ID: e.f.Trailer.ID},
	} {
		d := mustCreateDocument(t, s, e.user.ID, doc(o, tms.DocRegistration, fmt.Sprintf("own/%d", i)))
		if got := listDocs(t, s, tms.DocumentFilter{Owner: o}); len(got) != 1 || got[0].ID != d.ID || got[0].Owner() != o {
			t.Errorf("ListDocuments(%s) = %+v, want document %d", o, got, d.ID)
		}
	}
	twoOwners := doc(tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}, tms.DocPOD, "bad/1")
	twoOwners.DriverID = &e.f.Driver.ID
	bad := map[string]tms.Document{
		"two owners":    twoOwners,
		"no owner":      doc(tms.Owner{}, tms.DocPOD, "bad/2"),
		"unknown load":  doc(tms.Owner{Kind: tms.OwnerLoad, ID: 99999}, tms.DocPOD, "bad/3"),
		"unknown type":  doc(tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}, "selfie", "bad/4"),
		"stop of truck": doc(tms.Owner{Kind: tms.OwnerTruck, ID: e.f.Truck.ID}, tms.DocOther, "bad/5"),
		"deleted state": doc(tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}, tms.DocPOD, "bad/6"),
	}
	stop := e.load.Stops[0].ID
	d := bad["stop of truck"]
	d.StopID = &stop
	bad["stop of truck"] = d
	d = bad["deleted state"]
	d.Status = tms.DocumentDeleted
	bad["deleted state"] = d
	for name, d := range bad {
		t.Run(name, func(t *testing.T) {
			wantCode(t, s.CreateDocument(ctxAs(e.user.ID), &d), tms.CodeInvalid)
		})
	}
	dup := doc(tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}, tms.DocPOD, "own/0")
	wantCode(t, s.CreateDocument(ctxAs(e.user.ID), &dup), tms.CodeConflict)
	_, err := s.ListDocuments(ctxAs(0), tms.DocumentFilter{Owner: tms.Owner{Kind: "boat", ID: 1}})
	wantCode(t, err, tms.CodeInvalid)
}

func testAllDocuments(t *testing.T, s tms.Store, e docEnv) {
	o := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}
	var want []int64
	for i := range 5 {
		d := doc(o, tms.DocOther, fmt.Sprintf("all/%d", i))
		if i == 0 {
			d.Status = tms.DocumentPending
		}
		want = append(want, mustCreateDocument(t, s, e.user.ID, d).ID)
	}
	_, err := s.DeleteDocument(ctxAs(0), want[1])
	must(t, err)
	var got []int64
	for after := int64(0); ; {
		page, err := s.AllDocuments(ctxAs(0), after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		got = append(got, ids(page)...)
		after = page[len(page)-1].ID
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AllDocuments in pages of 2, every status (-want +got):\n%s", diff)
	}
}

// PendingDocuments finds the pending documents uploaded before a time, oldest first; once
// discarded (what the purge of abandoned direct uploads does) they are gone, audited.
func testPendingDocuments(t *testing.T, s tms.Store, e docEnv) {
	o := tms.Owner{Kind: tms.OwnerLoad, ID: e.load.ID}
	create := func(key string, status tms.DocumentStatus) tms.Document {
		d := doc(o, tms.DocPOD, key)
		d.Status = status
		return mustCreateDocument(t, s, e.user.ID, d)
	}
	old := create("pend/old", tms.DocumentPending)
	create("pend/active", tms.DocumentActive)
	time.Sleep(5 * time.Millisecond)
	cutoff := time.Now()
	time.Sleep(5 * time.Millisecond)
	fresh := create("pend/fresh", tms.DocumentPending)
	pending := func(before time.Time) []int64 {
		t.Helper()
		docs, err := s.PendingDocuments(ctxAs(0), before)
		if err != nil {
			t.Fatal(err)
		}
		return ids(docs)
	}
	if diff := cmp.Diff([]int64{old.ID}, pending(cutoff)); diff != "" {
		t.Errorf("PendingDocuments(before the fresh one) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{old.ID, fresh.ID}, pending(time.Now().Add(time.Hour))); diff != "" {
		t.Errorf("PendingDocuments(in an hour), oldest first (-want +got):\n%s", diff)
	}
	must(t, s.DiscardDocument(ctxAs(0), old.ID))
	if diff := cmp.Diff([]int64{fresh.ID}, pending(time.Now().Add(time.Hour))); diff != "" {
		t.Errorf("PendingDocuments after discarding %d (-want +got):\n%s", old.ID, diff)
	}
	wantAuditActions(t, s, old.ID, "discard", "create")
}
