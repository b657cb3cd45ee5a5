package documents

import (
	"context"
	"slices"

	"github.com/anditms/tms/internal/authz"
	"github.com/anditms/tms/internal/dispatch"
	"github.com/anditms/tms/internal/tms"
)

// Who may do what with documents (the roles come from the authorization table):
//   - office staff (admin, dispatcher, billing, viewer) read every document;
//   - a driver reads the documents of loads assigned to them and their own driver documents;
//   - admin, dispatcher and billing upload anything (authz.DocumentsUpload); a driver uploads the
//     paperwork of the dock (POD, BOL, lumper receipt, scale ticket) to their own loads;
//   - admin and dispatcher (authz.Dispatch) delete (soft) and see deleted documents; only
//     admin restores.

var (
	// driverTypes are what a driver photographs at the dock.
	driverTypes = []tms.DocumentType{tms.DocPOD, tms.DocBOL, tms.DocLumperReceipt, tms.DocScaleTicket}
)

// authorizeRead resolves o and checks that the caller may see its documents.
func (s *Service) authorizeRead(ctx context.Context, o tms.Owner) error {
	a := tms.ActorFrom(ctx)
	l, err := s.resolve(ctx, o)
	switch {
	case err != nil:
		return err
	case a.Role == tms.RoleDriver && !driversOwn(a, o, l):
		return tms.Errorf(tms.CodeForbidden, "these documents belong to a load or driver that is not yours")
	case a.Role == "" || !a.Role.Valid():
		return tms.Errorf(tms.CodeForbidden, "log in to see documents")
	}
	return nil
}

// driversOwn reports whether o is a load assigned to the driver or the driver themself.
func driversOwn(a tms.Actor, o tms.Owner, l *tms.Load) bool {
	switch o.Kind {
	case tms.OwnerLoad:
		return l != nil && dispatch.VisibleTo(a, *l)
	case tms.OwnerDriver:
		return a.DriverID != 0 && o.ID == a.DriverID
	}
	return false
}

// authorizeUpload resolves o and checks that the caller may add a document of type typ to
// it; it returns o's load for load owners.
func (s *Service) authorizeUpload(ctx context.Context, o tms.Owner, typ tms.DocumentType) (*tms.Load, error) {
	if err := checkType(typ); err != nil {
		return nil, err
	}
	a := tms.ActorFrom(ctx)
	l, err := s.resolve(ctx, o)
	switch {
	case err != nil:
		return nil, err
	case a.Role != tms.RoleDriver && authz.DocumentsUpload.Allows(a.Role):
		return l, nil
	case a.Role != tms.RoleDriver:
		return nil, tms.Errorf(tms.CodeForbidden, "the %s role may not upload documents", orNobody(a.Role))
	case o.Kind != tms.OwnerLoad || !driversOwn(a, o, l):
		return nil, tms.Errorf(tms.CodeForbidden, "drivers upload documents only to loads assigned to them")
	case !slices.Contains(driverTypes, typ):
		return nil, tms.Errorf(tms.CodeForbidden, "drivers upload PODs, BOLs, lumper receipts and scale tickets, not %s", typ)
	}
	return l, nil
}

// mayManage reports whether the caller may delete documents and see deleted ones.
func mayManage(ctx context.Context) bool {
	return authz.Dispatch.Allows(tms.ActorFrom(ctx).Role)
}

func orNobody(r tms.Role) tms.Role {
	if r == "" {
		return "anonymous"
	}
	return r
}
