package ui

import "slices"

// masterRoutes are the routes of every master-data kind.
func (u *UI) masterRoutes() []route {
	return slices.Concat(u.customerKind().routes(u), u.facilityKind().routes(u), u.driverKind().routes(u),
		u.truckKind().routes(u), u.trailerKind().routes(u), u.deviceKind().routes(u), u.partnerKind().routes(u))
}
