"""The version of nianbao, as manifests and document properties record it."""

VERSION = "0.1.0"
