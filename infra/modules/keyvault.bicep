// Key Vault (RBAC mode) holding Cairn's secrets; app settings refer to them by Key Vault references.
param location string
param tags object
param name string

@description('Secret names: { apiKeyPepper, adminApiKey, clipboardEncryptionKey, memoryCbpKey }.')
param secretNames object

@description('Write the secret values. Off on redeployments, so existing secrets (and every API key hashed with the pepper) survive.')
param seedSecrets bool

@secure()
param apiKeyPepper string

@secure()
param adminApiKey string

@secure()
param clipboardEncryptionKey string

@secure()
param memoryCbpKey string

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource pepper 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (seedSecrets) {
  parent: vault
  name: secretNames.apiKeyPepper
  properties: {
    value: apiKeyPepper
  }
}

resource admin 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (seedSecrets) {
  parent: vault
  name: secretNames.adminApiKey
  properties: {
    value: adminApiKey
  }
}

resource clipboard 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (seedSecrets) {
  parent: vault
  name: secretNames.clipboardEncryptionKey
  properties: {
    value: clipboardEncryptionKey
  }
}

resource cbp 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (seedSecrets) {
  parent: vault
  name: secretNames.memoryCbpKey
  properties: {
    value: memoryCbpKey
  }
}

output name string = vault.name
// Ends with '/': https://<name>.vault.azure.net/
output vaultUri string = vault.properties.vaultUri
