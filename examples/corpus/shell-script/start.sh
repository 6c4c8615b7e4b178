#!/bin/bash
set -e
while true; do echo "tick"; sleep 60; done
