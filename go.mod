module github.com/anditms/tms

go 1.26.8
