package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "{\"app\":\"hello-go\"}")
	})
	http.ListenAndServe(":8081", nil)
}
