package com.example;
@SpringBootApplication
public class App { public static void main(String[] a) {} }
