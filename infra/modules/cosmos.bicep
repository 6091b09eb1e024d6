// Cosmos DB for NoSQL, serverless, Entra ID only. The database and containers are created here:
// with local auth off, the data-plane role cannot create them from the app.
param location string
param tags object
param accountName string
param databaseName string

@description('Containers as { name, sortFields }. Each is partitioned by /pk and has TTL on with no default expiry (-1), so an item expires only when it carries a ttl field. Each sort field gets the composite index (/data/<field>, /pk, /id) that the app\'s ORDER BY needs; the app cannot change indexing policies with its data-plane role.')
param containers array

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        compositeIndexes: [for field in container.sortFields: [
          {
            path: '/data/${field}'
            order: 'ascending'
          }
          {
            path: '/pk'
            order: 'ascending'
          }
          {
            path: '/id'
            order: 'ascending'
          }
        ]]
      }
    }
  }
}]

output name string = account.name
output endpoint string = account.properties.documentEndpoint
