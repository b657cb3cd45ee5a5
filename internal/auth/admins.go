package auth

import (
	"context"

	"github.com/anditms/tms/internal/tms"
)

// UserLister is the part of the store KeepAnAdmin reads.
type UserLister interface {
	ListUsers(ctx context.Context, p tms.PageRequest) (tms.Page[tms.User], error)
}

// KeepAnAdmin refuses a change of a user from before to after that would leave no active
// admin (demoting or deactivating the last one): nobody could manage users any more.
func KeepAnAdmin(ctx context.Context, users UserLister, before, after tms.User) error {
	if !isActiveAdmin(before) || isActiveAdmin(after) {
		return nil
	}
	n, err := activeAdmins(ctx, users)
	if err != nil {
		return err
	}
	if n <= 1 {
		return &tms.Error{Code: tms.CodeConflict, Message: "this is the last active admin: make another user admin first",
			Fields: map[string]string{"role": "the last active admin stays admin and active"}}
	}
	return nil
}

func isActiveAdmin(u tms.User) bool { return u.Active && u.Role == tms.RoleAdmin }

func activeAdmins(ctx context.Context, users UserLister) (int, error) {
	n := 0
	for p := (tms.PageRequest{Limit: tms.MaxPageSize}); ; {
		page, err := users.ListUsers(ctx, p)
		if err != nil {
			return 0, err
		}
		for _, u := range page.Items {
			if isActiveAdmin(u) {
				n++
			}
		}
		p.Offset += len(page.Items)
		if len(page.Items) == 0 || p.Offset >= page.Total {
			return n, nil
		}
	}
}
