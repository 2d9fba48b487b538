/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SOCKET_FACTORY_H
#define SYNFIN_SOCKET_FACTORY_H

#include "ns3/ptr.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

class Socket;
class SynFinL4Protocol;

/**
 * \ingroup synfin
 * \brief The TcpSocketFactory that SynFinL4Protocol aggregates onto its node.
 *
 * Because it is a TcpSocketFactory, Socket::CreateSocket(node, TcpSocketFactory::GetTypeId())
 * and every ns-3 application built on it (BulkSend, PacketSink, OnOff) get SynFinSockets.
 */
class SynFinSocketFactory : public TcpSocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Set the protocol that makes the sockets.
     * \param tcp the protocol
     */
    void SetProtocol(Ptr<SynFinL4Protocol> tcp);

    /**
     * \brief Create a SynFinSocket.
     * \return the socket
     */
    Ptr<Socket> CreateSocket() override;

  protected:
    void DoDispose() override;

  private:
    Ptr<SynFinL4Protocol> m_tcp; //!< the protocol
};

} // namespace ns3

#endif /* SYNFIN_SOCKET_FACTORY_H */
