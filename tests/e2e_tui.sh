#!/bin/sh
echo "e2e: (terminal UI not built yet)"
