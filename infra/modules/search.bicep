// Azure AI Search for the hybrid (BM25 + vector) index. Keys are off: the app uses Entra ID roles.
param location string
param tags object
param name string

@allowed([
  'free'
  'basic'
  'standard'
])
param sku string

resource search 'Microsoft.Search/searchServices@2025-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'Default'
    publicNetworkAccess: 'enabled'
    // Entra ID only. authOptions must stay unset when local auth is disabled.
    disableLocalAuth: true
  }
}

output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
