plugins {
  id("org.springframework.boot") version "3.2.0"
  java
}
java { toolchain { languageVersion.set(JavaLanguageVersion.of(21)) } }
