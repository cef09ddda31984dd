module github.com/netverdict/netverdict

go 1.26.0
