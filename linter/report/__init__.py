"""Output formats: one module per format. They read findings and snapshots; they never change them."""
