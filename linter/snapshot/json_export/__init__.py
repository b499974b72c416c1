"""The ConvertTo-Json (and ScubaGear ProviderSettingsExport) reader: a positioned scan into typed values."""
