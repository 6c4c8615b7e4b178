package main

import (
	"fmt"
	"net/http"

	"example.com/lib"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, lib.Greet("api")) })
	http.ListenAndServe(":8081", nil)
}
