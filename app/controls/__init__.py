"""Controls: panels and validated fields that write the state model."""
