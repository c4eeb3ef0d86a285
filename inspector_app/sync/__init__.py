"""Export/import packages carried on a USB stick: format, signatures, encryption, verification, merge rules."""
