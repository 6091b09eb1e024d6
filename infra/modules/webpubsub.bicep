// Azure Web PubSub for the real-time pulse, and its hub. Access keys are off: the app calls the REST
// API (including :generateToken for client access URLs) with its identity.
param location string
param tags object
param name string

@allowed([
  'Free_F1'
  'Standard_S1'
])
param sku string

param hubName string

resource pubsub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'WebPubSub'
  sku: {
    name: sku
    tier: sku == 'Free_F1' ? 'Free' : 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
    // The service defaults, written out: an update that omits networkACLs can leave every connection denied.
    networkACLs: {
      defaultAction: 'Deny'
      ipRules: [
        {
          action: 'Allow'
          value: '0.0.0.0/0'
        }
        {
          action: 'Allow'
          value: '::/0'
        }
      ]
      publicNetwork: {
        allow: [
          'ServerConnection'
          'ClientConnection'
          'RESTAPI'
          'Trace'
        ]
      }
    }
  }
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: pubsub
  name: hubName
  properties: {
    // Clients connect only with an access token the app obtained for them.
    anonymousConnectPolicy: 'deny'
    eventHandlers: []
  }
}

output name string = pubsub.name
output endpoint string = 'https://${pubsub.properties.hostName}'
