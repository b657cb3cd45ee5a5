package documents_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/anditms/tms/internal/tms"
)

func TestAccessRules(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		myPOD := e.upload(t, e.driver, e.podOwner(e.mine), tms.DocPOD, "mine.pdf", pdfFile(1000))
		otherPOD := e.upload(t, e.driver2, e.podOwner(e.other), tms.DocPOD, "theirs.pdf", pdfFile(1000))
		myCDL := e.upload(t, e.dispatcher, tms.Owner{Kind: tms.OwnerDriver, ID: e.f.Driver.ID}, tms.DocCDL, "cdl.png", pngFile(1000))
		truckReg := e.upload(t, e.admin, tms.Owner{Kind: tms.OwnerTruck, ID: e.f.Truck.ID}, tms.DocRegistration, "reg.pdf", pdfFile(1000))

		reads := []struct {
			name string
			ctx  context.Context
			id   int64
			want tms.Code
		}{
			{"driver, own load's POD", e.driver, myPOD.ID, ""},
			{"driver, another driver's POD", e.driver, otherPOD.ID, tms.CodeForbidden},
			{"driver, own CDL", e.driver, myCDL.ID, ""},
			{"other driver, my CDL", e.driver2, myCDL.ID, tms.CodeForbidden},
			{"driver, truck registration", e.driver, truckReg.ID, tms.CodeForbidden},
			{"viewer, any POD", e.viewer, otherPOD.ID, ""},
			{"billing, truck registration", e.billing, truckReg.ID, ""},
			{"nobody", context.Background(), myPOD.ID, tms.CodeForbidden},
		}
		for _, tt := range reads {
			t.Run("read/"+tt.name, func(t *testing.T) {
				_, err := e.svc.Get(tt.ctx, tt.id)
				wantCode(t, err, tt.want)
				dl, err := e.svc.Download(tt.ctx, tt.id)
				wantCode(t, err, tt.want)
				if dl.Body != nil {
					dl.Body.Close()
				}
			})
		}

		uploads := []struct {
			name string
			ctx  context.Context
			o    tms.Owner
			typ  tms.DocumentType
			want tms.Code
		}{
			{"driver, lumper receipt on own load", e.driver, e.loadOwner(e.mine), tms.DocLumperReceipt, ""},
			{"driver, POD on another driver's load", e.driver, e.podOwner(e.other), tms.DocPOD, tms.CodeForbidden},
			{"driver, rate confirmation", e.driver, e.loadOwner(e.mine), tms.DocRateConfirmation, tms.CodeForbidden},
			{"driver, own CDL", e.driver, tms.Owner{Kind: tms.OwnerDriver, ID: e.f.Driver.ID}, tms.DocCDL, tms.CodeForbidden},
			{"viewer, POD", e.viewer, e.podOwner(e.mine), tms.DocPOD, tms.CodeForbidden},
			{"billing, invoice", e.billing, e.loadOwner(e.mine), tms.DocInvoice, ""},
			{"dispatcher, unknown load", e.dispatcher, tms.Owner{Kind: tms.OwnerLoad, ID: 99999}, tms.DocPOD, tms.CodeNotFound},
			{"dispatcher, stop of another load", e.dispatcher, tms.Owner{Kind: tms.OwnerLoad, ID: e.mine.ID, StopID: e.other.Stops[0].ID}, tms.DocPOD, tms.CodeInvalid},
		}
		for _, tt := range uploads {
			t.Run("upload/"+tt.name, func(t *testing.T) {
				_, err := e.svc.Upload(tt.ctx, tt.o, tt.typ, "x.pdf", bytes.NewReader(pdfFile(500)))
				wantCode(t, err, tt.want)
			})
		}

		list, err := e.svc.List(e.driver, e.loadOwner(e.other), false)
		wantCode(t, err, tms.CodeForbidden)
		if list != nil {
			t.Errorf("a refused list returned %+v", list)
		}
	})
}

// Delete is soft and audited; deleted documents are hidden from all but admins and
// dispatchers; only admins restore.
func TestDeleteAndRestore(t *testing.T) {
	eachBackend(t, func(t *testing.T, e env) {
		d := e.upload(t, e.driver, e.podOwner(e.mine), tms.DocPOD, "pod.pdf", pdfFile(1000))
		_, err := e.svc.Delete(e.driver, d.ID)
		wantCode(t, err, tms.CodeForbidden)
		_, err = e.svc.Delete(e.billing, d.ID)
		wantCode(t, err, tms.CodeForbidden)
		deleted, err := e.svc.Delete(e.dispatcher, d.ID)
		if err != nil || deleted.Status != tms.DocumentDeleted || deleted.DeletedBy != "dispatcher@example.com" {
			t.Fatalf("Delete = %+v, %v", deleted, err)
		}
		_, err = e.svc.Get(e.viewer, d.ID)
		wantCode(t, err, tms.CodeNotFound)
		_, err = e.svc.List(e.viewer, e.loadOwner(e.mine), true)
		wantCode(t, err, tms.CodeForbidden)
		if all, err := e.svc.List(e.dispatcher, e.loadOwner(e.mine), true); err != nil || len(all) != 1 {
			t.Errorf("dispatcher's list with deleted = %+v, %v", all, err)
		}
		_, err = e.svc.Restore(e.dispatcher, d.ID)
		wantCode(t, err, tms.CodeForbidden)
		if restored, err := e.svc.Restore(e.admin, d.ID); err != nil || restored.Status != tms.DocumentActive {
			t.Fatalf("Restore = %+v, %v", restored, err)
		}
		if got, _ := e.download(t, e.viewer, d.ID); !bytes.Equal(got, pdfFile(1000)) {
			t.Errorf("the restored document downloads %d bytes, want its 1000", len(got))
		}
		page, err := e.store.ListAudit(context.Background(), tms.AuditFilter{Entity: "document"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, a := range page.Items {
			actions = append(actions, a.Action+" by "+a.ActorEmail)
		}
		want := []string{"restore by admin@example.com", "delete by dispatcher@example.com", "create by driver@example.com"}
		if diff := cmp.Diff(want, actions); diff != "" {
			t.Errorf("document audit, newest first (-want +got):\n%s", diff)
		}
	})
}
