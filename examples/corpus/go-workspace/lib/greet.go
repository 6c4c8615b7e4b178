package lib

// Greet says hello.
func Greet(who string) string { return "Hello from " + who }
