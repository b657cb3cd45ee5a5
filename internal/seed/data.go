package seed

import "github.com/anditms/tms/internal/tms"

// city is a real US city: its coordinates and IANA time zone.
type city struct {
	name, state, zip string
	lat, lon         float64
	zone             string
}

var cities = []city{
	{"Dallas", "TX", "75207", 32.7767, -96.7970, "America/Chicago"},
	{"Houston", "TX", "77029", 29.7604, -95.3698, "America/Chicago"},
	{"Memphis", "TN", "38118", 35.1495, -90.0490, "America/Chicago"},
	{"Atlanta", "GA", "30336", 33.7490, -84.3880, "America/New_York"},
	{"Chicago", "IL", "60609", 41.8781, -87.6298, "America/Chicago"},
	{"Denver", "CO", "80216", 39.7392, -104.9903, "America/Denver"},
	{"Phoenix", "AZ", "85043", 33.4484, -112.0740, "America/Phoenix"},
	{"Los Angeles", "CA", "90058", 34.0522, -118.2437, "America/Los_Angeles"},
	{"Kansas City", "MO", "64120", 39.0997, -94.5786, "America/Chicago"},
	{"Nashville", "TN", "37210", 36.1627, -86.7816, "America/Chicago"},
	{"Indianapolis", "IN", "46241", 39.7684, -86.1581, "America/Indiana/Indianapolis"},
	{"Columbus", "OH", "43207", 39.9612, -82.9988, "America/New_York"},
	{"Charlotte", "NC", "28208", 35.2271, -80.8431, "America/New_York"},
	{"Jacksonville", "FL", "32254", 30.3322, -81.6557, "America/New_York"},
	{"Salt Lake City", "UT", "84104", 40.7608, -111.8910, "America/Denver"},
	{"Oklahoma City", "OK", "73129", 35.4676, -97.5164, "America/Chicago"},
	{"Louisville", "KY", "40213", 38.2527, -85.7585, "America/Kentucky/Louisville"},
	{"St. Louis", "MO", "63110", 38.6270, -90.1994, "America/Chicago"},
	{"El Paso", "TX", "79927", 31.7619, -106.4850, "America/Denver"},
	{"Laredo", "TX", "78045", 27.5306, -99.4803, "America/Chicago"},
}

// shipper is a demo customer with the goods it ships from its distribution center in
// cities[i] (its index).
type shipper struct {
	name, street, contact, phone string
	termsDays                    int
	creditCents                  tms.Cents
	refs, docs                   []string
	commodity, equipment         string
	weightLb                     int
}

var shippers = []shipper{
	{"Lone Star Provisions", "2400 Irving Blvd", "Carla Mendes", "(214) 555-0110", 30, 7_500_000, []string{"po"}, []string{"pod"}, "Canned groceries", "dry_van", 42000},
	{"Gulf Coast Polymers", "9100 Clinton Dr", "Ray Broussard", "(713) 555-0123", 30, 10_000_000, []string{"po", "bol"}, []string{"pod", "bol"}, "Plastic resin pellets", "dry_van", 44000},
	{"Bluff City Paper Co.", "3800 Getwell Rd", "Denise Hall", "(901) 555-0137", 45, 5_000_000, nil, []string{"pod"}, "Paper rolls", "dry_van", 40000},
	{"Peachtree Beverage Co.", "1200 Fulton Industrial Blvd", "Malik Reed", "(404) 555-0145", 30, 6_000_000, []string{"po"}, []string{"pod"}, "Bottled beverages", "dry_van", 43500},
	{"Lakeshore Steel Supply", "3500 S Iron St", "Greg Kowalski", "(312) 555-0152", 30, 12_000_000, []string{"bol"}, []string{"pod", "bol"}, "Steel coils", "flatbed", 46000},
	{"Front Range Organics", "5600 Brighton Blvd", "Hannah Lee", "(303) 555-0168", 15, 3_000_000, []string{"po"}, []string{"pod"}, "Organic produce", "reefer", 38000},
	{"Desert Sun Produce", "4300 W Buckeye Rd", "Rosa Delgado", "(602) 555-0171", 15, 4_000_000, []string{"po", "pickup"}, []string{"pod"}, "Fresh melons", "reefer", 40000},
	{"Pacific Rim Imports", "2100 E 38th St", "Kenji Watanabe", "(323) 555-0189", 45, 9_000_000, []string{"customer_load"}, []string{"pod"}, "Consumer electronics", "dry_van", 32000},
	{"Heartland Grain & Feed", "1500 Manchester Trfy", "Bill Hanson", "(816) 555-0194", 30, 4_500_000, nil, []string{"pod"}, "Bagged animal feed", "dry_van", 44000},
	{"Music City Furniture", "700 Massman Dr", "Tasha Greene", "(615) 555-0116", 30, 3_500_000, []string{"po"}, []string{"pod"}, "Boxed furniture", "dry_van", 26000},
	{"Crossroads Auto Parts", "4700 W Minnesota St", "Dan Schultz", "(317) 555-0128", 30, 6_500_000, []string{"po", "customer_load"}, []string{"pod"}, "Auto parts", "dry_van", 36000},
	{"Buckeye Packaging", "2200 Refugee Rd", "Amy Fischer", "(614) 555-0133", 30, 2_500_000, nil, []string{"pod"}, "Corrugated boxes", "dry_van", 22000},
	{"Queen City Textiles", "3100 Westinghouse Blvd", "Priya Patel", "(704) 555-0147", 45, 4_000_000, []string{"po"}, []string{"pod"}, "Cotton textiles", "dry_van", 30000},
	{"First Coast Seafood", "6500 Pritchard Rd", "Tom Nguyen", "(904) 555-0159", 15, 3_000_000, []string{"po"}, []string{"pod"}, "Frozen shrimp", "reefer", 39000},
	{"Wasatch Outdoor Gear", "1900 S 4130 W", "Jenna Olsen", "(801) 555-0162", 30, 3_500_000, []string{"customer_load"}, []string{"pod"}, "Camping equipment", "dry_van", 24000},
}

// receivers are consignee docks in cities[len(shippers)+i] that belong to no demo customer.
var receivers = []struct{ name, street string }{
	{"Sooner Wholesale DC", "5500 SW 29th St"},
	{"Derby City Distribution", "4600 Produce Rd"},
	{"Gateway Cold Storage", "1100 S Vandeventer Ave"},
	{"Sun City Retail DC", "12200 Rojas Dr"},
	{"Border Crossdock Laredo", "9900 Mines Rd"},
}

// driverSpec is a demo driver; dates are relative to the seeding day.
type driverSpec struct {
	name, phone, state, cdl string
	endorsements            []string
	cdlYears, medicalDays   int
	hired                   string
	status                  tms.DriverStatus
	pay                     tms.PayProfile
}

var driverSpecs = []driverSpec{
	{"Marcus Johnson", "(214) 555-0101", "TX", "41837265", []string{"H", "N", "T"}, 3, 300, "2019-03-11", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 620}},
	{"Maria Gonzalez", "(210) 555-0102", "TX", "29384710", []string{"N", "T"}, 2, 14, "2020-07-06", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerTotalMile, Rate: 560}},
	{"Robert Williams", "(404) 555-0103", "GA", "052318874", []string{"T"}, 4, 410, "2017-10-02", tms.DriverActive, tms.PayProfile{Basis: tms.PayPercentLinehaul, Rate: 2800}},
	{"Aisha Thompson", "(901) 555-0104", "TN", "118274653", []string{"H", "X"}, 3, 25, "2021-01-18", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 600}},
	{"David Nguyen", "(323) 555-0105", "CA", "D4827361", nil, 2, 520, "2022-05-23", tms.DriverActive, tms.PayProfile{Basis: tms.PayFlatPerLoad, Rate: 45000}},
	{"Kevin O'Brien", "(312) 555-0106", "IL", "O16584279304", []string{"N"}, 1, 190, "2018-08-27", tms.DriverOnLeave, tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 610}},
	{"Luis Ramirez", "(602) 555-0107", "AZ", "D08374625", []string{"T"}, 3, 240, "2021-11-08", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerTotalMile, Rate: 575}},
	{"Tanya Brooks", "(614) 555-0108", "OH", "RB482716", nil, 2, 365, "2023-02-13", tms.DriverActive, tms.PayProfile{Basis: tms.PayHourly, Rate: 2850}},
	{"Samuel Okafor", "(816) 555-0109", "MO", "M720418563", []string{"H", "N", "T", "X"}, 4, 450, "2016-04-04", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerLoadedMile, Rate: 640}},
	{"Emily Carlson", "(303) 555-0111", "CO", "172839465", []string{"N"}, 2, 280, "2022-09-19", tms.DriverActive, tms.PayProfile{Basis: tms.PayPerTotalMile, Rate: 575}},
}

// truckSpec is a power unit; vin has a placeholder check digit (position 9) that is computed.
type truckSpec struct {
	vin, plate, state, make, model string
	year                           int
	odometer                       int64
	status                         tms.EquipmentStatus
}

var truckSpecs = []truckSpec{
	{"1FUJHHDR0MLM41273", "R84-2207", "TX", "Freightliner", "Cascadia 126", 2021, 412_380, tms.EquipmentActive},
	{"3AKJHHDR0NSLN5530", "R84-2219", "TX", "Freightliner", "Cascadia 126", 2022, 298_115, tms.EquipmentActive},
	{"1XKYD49X0LJ271845", "BT4-8821", "TN", "Kenworth", "T680", 2020, 533_902, tms.EquipmentActive},
	{"1XPBD49X0PD602318", "CQ7-1140", "GA", "Peterbilt", "579", 2023, 141_667, tms.EquipmentActive},
	{"4V4NC9EH0MN287440", "P221-774", "IL", "Volvo", "VNL 860", 2021, 377_210, tms.EquipmentActive},
	{"3HSDZAPR0KN102938", "AZ3-5561", "AZ", "International", "LT625", 2019, 618_054, tms.EquipmentActive},
	{"1M1AN4GY0NM031552", "MX2-0937", "MO", "Mack", "Anthem", 2022, 256_488, tms.EquipmentActive},
	{"3AKJHHDR0RSKR8742", "R84-2290", "TX", "Freightliner", "Cascadia 126", 2024, 48_390, tms.EquipmentInShop},
}

var trailerSpecs = []tms.Trailer{
	{UnitNumber: "V-201", Type: "dry_van", LengthFt: 53, Plate: "TRL-30418", PlateState: "TX"},
	{UnitNumber: "V-202", Type: "dry_van", LengthFt: 53, Plate: "TRL-30419", PlateState: "TX"},
	{UnitNumber: "V-203", Type: "dry_van", LengthFt: 53, Plate: "TRL-30420", PlateState: "TX"},
	{UnitNumber: "V-204", Type: "dry_van", LengthFt: 53, Plate: "TRL-30421", PlateState: "TX"},
	{UnitNumber: "V-205", Type: "dry_van", LengthFt: 53, Plate: "TRL-30422", PlateState: "TX"},
	{UnitNumber: "V-206", Type: "dry_van", LengthFt: 53, Plate: "TRL-30423", PlateState: "TX"},
	{UnitNumber: "V-207", Type: "dry_van", LengthFt: 53, Plate: "TRL-30424", PlateState: "TX", Status: tms.EquipmentInShop, Notes: "Roll-up door repair"},
	{UnitNumber: "R-301", Type: "reefer", LengthFt: 53, Plate: "TRL-41107", PlateState: "TX"},
	{UnitNumber: "R-302", Type: "reefer", LengthFt: 53, Plate: "TRL-41108", PlateState: "TX"},
	{UnitNumber: "R-303", Type: "reefer", LengthFt: 53, Plate: "TRL-41109", PlateState: "TX"},
	{UnitNumber: "R-304", Type: "reefer", LengthFt: 53, Plate: "TRL-41110", PlateState: "TX"},
	{UnitNumber: "F-401", Type: "flatbed", LengthFt: 48, Plate: "TRL-52031", PlateState: "TX"},
}
