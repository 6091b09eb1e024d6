// Cosmos DB for NoSQL, serverless, Entra ID only. The database and containers are created here:
// with local auth off, the data-plane role cannot create them from the app.
param location string
param tags object
param accountName string
param databaseName string

@description('Containers as { name, sortFields }. Each is partitioned by /pk and has TTL on with no default expiry (-1), so an item expires only when it carries a ttl field. Each sort field gets the composite index (/data/<field>, /pk, /id) that the app\'s ORDER BY needs; the app cannot change indexing policies with its data-plane role.')
param containers array

@description('The hybrid search container (docs/search.md, "Cosmos DB"), or empty for none (search in Azure AI Search). Creating it turns on the account\'s vector and full-text search capabilities.')
param searchContainerName string = ''

@description('Dimensions of the embedder\'s vectors (fixed when the search container is created).')
param searchVectorDimensions int = 100

@description('quantizedFlat or diskANN (fixed when the search container is created).')
param searchVectorIndexType string = 'quantizedFlat'

var searchCapabilities = empty(searchContainerName) ? [] : [
  {
    name: 'EnableNoSQLVectorSearch'
  }
  {
    name: 'EnableNoSQLFullTextSearch'
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: concat([
      {
        name: 'EnableServerless'
      }
    ], searchCapabilities)
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

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2026-03-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = [for container in containers: {
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

// One item per search document, partitioned by its own key: upserts and deletes are point operations, and a search
// fans out over physical partitions (one until the container passes ~50 GB). Only the filter fields are range-indexed;
// the text has the full-text index and the vector the vector index, so writes pay for nothing searches do not use.
resource searchContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2026-03-15' = if (!empty(searchContainerName)) {
  parent: database
  name: empty(searchContainerName) ? 'search' : searchContainerName
  properties: {
    resource: {
      id: empty(searchContainerName) ? 'search' : searchContainerName
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      vectorEmbeddingPolicy: {
        vectorEmbeddings: [
          {
            path: '/vector'
            dataType: 'float32'
            distanceFunction: 'cosine'
            dimensions: searchVectorDimensions
          }
        ]
      }
      fullTextPolicy: {
        defaultLanguage: 'en-US'
        fullTextPaths: [
          {
            path: '/text'
            language: 'en-US'
          }
          {
            path: '/notes'
            language: 'en-US'
          }
        ]
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/kind/?'
          }
          {
            path: '/owner/?'
          }
          {
            path: '/visibility/?'
          }
          {
            path: '/scope/?'
          }
          {
            path: '/domain/?'
          }
          {
            path: '/tools/[]/?'
          }
          {
            path: '/status/?'
          }
          {
            path: '/quality/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
        vectorIndexes: [
          {
            path: '/vector'
            type: searchVectorIndexType
          }
        ]
        fullTextIndexes: [
          {
            path: '/text'
          }
          {
            path: '/notes'
          }
        ]
      }
    }
  }
}

output name string = account.name
output endpoint string = account.properties.documentEndpoint
