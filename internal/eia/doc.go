// Package eia reads the U.S. Energy Information Administration's weekly retail price of
// diesel, the index most fuel-surcharge schedules are written against.
//
// The series is EMD_EPD2D_PTE_NUS_DPG, "U.S. No 2 Diesel Retail Prices (Dollars per
// Gallon)": the national average pump price of on-highway No. 2 diesel, taxes included,
// surveyed every Monday and published in EIA's Gasoline and Diesel Fuel Update (API v2 route
// petroleum/pri/gnd, frequency weekly, units "$/GAL"). The week of a price is that Monday.
//
// EIA publishes the price in dollars with three decimals ($3.876 per gallon); this package
// keeps it as an integer number of mills (tenths of a cent, 3876) and never lets it pass
// through a float64.
//
// Client fetches the series from the EIA API v2 (an API key is required), ParseResponse reads
// a saved API response, and ParseCSV reads a hand-made week,price file or a CSV saved from
// EIA's series history page.
package eia

// Series is the EIA series ID of the weekly U.S. No 2 diesel retail price.
const Series = "EMD_EPD2D_PTE_NUS_DPG"

// Units is the unit EIA reports the series in: dollars per gallon.
const Units = "$/GAL"
