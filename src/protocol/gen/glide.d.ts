import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace glide. */
export namespace glide {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of an Envelope.
         * @deprecated Use glide.v1.Envelope.$Properties instead.
         */
        interface IEnvelope extends glide.v1.Envelope.$Properties {
        }

        /** Represents an Envelope. */
        class Envelope {

            /**
             * Constructs a new Envelope.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.Envelope.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Envelope ver. */
            ver?: (number|null);

            /** Envelope seq. */
            seq?: (number|null);

            /** Envelope action. */
            action: string;

            /** Envelope from. */
            from?: (number|null);

            /** Envelope to. */
            to?: (number|null);

            /** Envelope msg. */
            msg?: (string|null);

            /** Envelope ticket. */
            ticket?: (string|null);

            /** Envelope sign. */
            sign?: (string|null);

            /** Envelope extra. */
            extra: { [k: string]: string };

            /** Envelope chat. */
            chat?: (glide.v1.ChatMessage.$Properties|null);

            /** Envelope ackMessage. */
            ackMessage?: (glide.v1.AckMessage.$Properties|null);

            /** Envelope ackNotify. */
            ackNotify?: (glide.v1.AckNotify.$Properties|null);

            /** Envelope ackRequest. */
            ackRequest?: (glide.v1.AckRequest.$Properties|null);

            /** Envelope ackGroupMsg. */
            ackGroupMsg?: (glide.v1.AckGroupMsg.$Properties|null);

            /** Envelope ackRead. */
            ackRead?: (glide.v1.AckRead.$Properties|null);

            /** Envelope cli. */
            cli?: (glide.v1.CliMessage.$Properties|null);

            /** Envelope authenticate. */
            authenticate?: (glide.v1.Authenticate.$Properties|null);

            /** Envelope apiAuth. */
            apiAuth?: (glide.v1.ApiAuth.$Properties|null);

            /** Envelope apiAuthReply. */
            apiAuthReply?: (glide.v1.ApiAuthReply.$Properties|null);

            /** Envelope failedSend. */
            failedSend?: (glide.v1.FailedSend.$Properties|null);

            /** Envelope kickout. */
            kickout?: (glide.v1.KickoutNotice.$Properties|null);

            /** Envelope login. */
            login?: (glide.v1.LoginNotice.$Properties|null);

            /** Envelope contact. */
            contact?: (glide.v1.ContactNotice.$Properties|null);

            /** Envelope presence. */
            presence?: (glide.v1.PresenceEvent.$Properties|null);

            /** Envelope groupNotice. */
            groupNotice?: (glide.v1.GroupNotice.$Properties|null);

            /** Envelope messageEvent. */
            messageEvent?: (glide.v1.MessageEvent.$Properties|null);

            /** Envelope json. */
            json?: (Uint8Array|null);

            /** Envelope data. */
            data?: ("chat"|"ackMessage"|"ackNotify"|"ackRequest"|"ackGroupMsg"|"ackRead"|"cli"|"authenticate"|"apiAuth"|"apiAuthReply"|"failedSend"|"kickout"|"login"|"contact"|"presence"|"groupNotice"|"messageEvent"|"json");

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link glide.v1.Envelope.verify|verify} messages.
             * @param message Envelope message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.Envelope & glide.v1.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.Envelope & glide.v1.Envelope.$Shape;
        }

        namespace Envelope {

            /** Properties of an Envelope. */
            interface $Properties {

                /** Envelope ver */
                ver?: (number|null);

                /** Envelope seq */
                seq?: (number|null);

                /** Envelope action */
                action?: (string|null);

                /** Envelope from */
                from?: (number|null);

                /** Envelope to */
                to?: (number|null);

                /** Envelope msg */
                msg?: (string|null);

                /** Envelope ticket */
                ticket?: (string|null);

                /** Envelope sign */
                sign?: (string|null);

                /** Envelope extra */
                extra?: ({ [k: string]: string }|null);

                /** Envelope chat */
                chat?: (glide.v1.ChatMessage.$Properties|null);

                /** Envelope ackMessage */
                ackMessage?: (glide.v1.AckMessage.$Properties|null);

                /** Envelope ackNotify */
                ackNotify?: (glide.v1.AckNotify.$Properties|null);

                /** Envelope ackRequest */
                ackRequest?: (glide.v1.AckRequest.$Properties|null);

                /** Envelope ackGroupMsg */
                ackGroupMsg?: (glide.v1.AckGroupMsg.$Properties|null);

                /** Envelope ackRead */
                ackRead?: (glide.v1.AckRead.$Properties|null);

                /** Envelope cli */
                cli?: (glide.v1.CliMessage.$Properties|null);

                /** Envelope authenticate */
                authenticate?: (glide.v1.Authenticate.$Properties|null);

                /** Envelope apiAuth */
                apiAuth?: (glide.v1.ApiAuth.$Properties|null);

                /** Envelope apiAuthReply */
                apiAuthReply?: (glide.v1.ApiAuthReply.$Properties|null);

                /** Envelope failedSend */
                failedSend?: (glide.v1.FailedSend.$Properties|null);

                /** Envelope kickout */
                kickout?: (glide.v1.KickoutNotice.$Properties|null);

                /** Envelope login */
                login?: (glide.v1.LoginNotice.$Properties|null);

                /** Envelope contact */
                contact?: (glide.v1.ContactNotice.$Properties|null);

                /** Envelope presence */
                presence?: (glide.v1.PresenceEvent.$Properties|null);

                /** Envelope groupNotice */
                groupNotice?: (glide.v1.GroupNotice.$Properties|null);

                /** Envelope messageEvent */
                messageEvent?: (glide.v1.MessageEvent.$Properties|null);

                /** Envelope json */
                json?: (Uint8Array|null);

                /** Envelope data */
                data?: ("chat"|"ackMessage"|"ackNotify"|"ackRequest"|"ackGroupMsg"|"ackRead"|"cli"|"authenticate"|"apiAuth"|"apiAuthReply"|"failedSend"|"kickout"|"login"|"contact"|"presence"|"groupNotice"|"messageEvent"|"json");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an Envelope. */
            type $Shape = {
              ver?: number|null;
              seq?: number|null;
              action?: string|null;
              from?: number|null;
              to?: number|null;
              msg?: string|null;
              ticket?: string|null;
              sign?: string|null;
              extra?: { [k: string]: string }|null;
              chat?: glide.v1.ChatMessage.$Shape|null;
              ackMessage?: glide.v1.AckMessage.$Shape|null;
              ackNotify?: glide.v1.AckNotify.$Shape|null;
              ackRequest?: glide.v1.AckRequest.$Shape|null;
              ackGroupMsg?: glide.v1.AckGroupMsg.$Shape|null;
              ackRead?: glide.v1.AckRead.$Shape|null;
              cli?: glide.v1.CliMessage.$Shape|null;
              authenticate?: glide.v1.Authenticate.$Shape|null;
              apiAuth?: glide.v1.ApiAuth.$Shape|null;
              apiAuthReply?: glide.v1.ApiAuthReply.$Shape|null;
              failedSend?: glide.v1.FailedSend.$Shape|null;
              kickout?: glide.v1.KickoutNotice.$Shape|null;
              login?: glide.v1.LoginNotice.$Shape|null;
              contact?: glide.v1.ContactNotice.$Shape|null;
              presence?: glide.v1.PresenceEvent.$Shape|null;
              groupNotice?: glide.v1.GroupNotice.$Shape|null;
              messageEvent?: glide.v1.MessageEvent.$Shape|null;
              json?: Uint8Array|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ data?: undefined; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "chat"; chat: glide.v1.ChatMessage.$Shape; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackMessage"; chat?: null; ackMessage: glide.v1.AckMessage.$Shape; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackNotify"; chat?: null; ackMessage?: null; ackNotify: glide.v1.AckNotify.$Shape; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackRequest"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest: glide.v1.AckRequest.$Shape; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackGroupMsg"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg: glide.v1.AckGroupMsg.$Shape; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "ackRead"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead: glide.v1.AckRead.$Shape; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "cli"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli: glide.v1.CliMessage.$Shape; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "authenticate"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate: glide.v1.Authenticate.$Shape; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "apiAuth"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth: glide.v1.ApiAuth.$Shape; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "apiAuthReply"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply: glide.v1.ApiAuthReply.$Shape; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "failedSend"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend: glide.v1.FailedSend.$Shape; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "kickout"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout: glide.v1.KickoutNotice.$Shape; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "login"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login: glide.v1.LoginNotice.$Shape; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "contact"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact: glide.v1.ContactNotice.$Shape; presence?: null; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "presence"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence: glide.v1.PresenceEvent.$Shape; groupNotice?: null; messageEvent?: null; json?: null }|{ data?: "groupNotice"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice: glide.v1.GroupNotice.$Shape; messageEvent?: null; json?: null }|{ data?: "messageEvent"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent: glide.v1.MessageEvent.$Shape; json?: null }|{ data?: "json"; chat?: null; ackMessage?: null; ackNotify?: null; ackRequest?: null; ackGroupMsg?: null; ackRead?: null; cli?: null; authenticate?: null; apiAuth?: null; apiAuthReply?: null; failedSend?: null; kickout?: null; login?: null; contact?: null; presence?: null; groupNotice?: null; messageEvent?: null; json: Uint8Array })
            );
        }

        /**
         * Properties of a ChatMessage.
         * @deprecated Use glide.v1.ChatMessage.$Properties instead.
         */
        interface IChatMessage extends glide.v1.ChatMessage.$Properties {
        }

        /** Represents a ChatMessage. */
        class ChatMessage {

            /**
             * Constructs a new ChatMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.ChatMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ChatMessage cliMid. */
            cliMid?: (string|null);

            /** ChatMessage mid. */
            mid?: (number|null);

            /** ChatMessage seq. */
            seq?: (number|null);

            /** ChatMessage cliSeq. */
            cliSeq?: (number|null);

            /** ChatMessage from. */
            from?: (number|null);

            /** ChatMessage to. */
            to?: (number|null);

            /** ChatMessage type. */
            type?: (number|null);

            /** ChatMessage content. */
            content?: (string|null);

            /** ChatMessage sendAt. */
            sendAt?: (number|null);

            /** ChatMessage status. */
            status?: (number|null);

            /** ChatMessage replyTo. */
            replyTo?: (number|null);

            /** ChatMessage forwardMid. */
            forwardMid?: (number|null);

            /** ChatMessage forwardFrom. */
            forwardFrom?: (number|null);

            /** ChatMessage mentions. */
            mentions: number[];

            /** ChatMessage mentionAll. */
            mentionAll?: (boolean|null);

            /**
             * Encodes the specified ChatMessage message. Does not implicitly {@link glide.v1.ChatMessage.verify|verify} messages.
             * @param message ChatMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.ChatMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ChatMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.ChatMessage & glide.v1.ChatMessage.$Shape} ChatMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.ChatMessage & glide.v1.ChatMessage.$Shape;
        }

        namespace ChatMessage {

            /** Properties of a ChatMessage. */
            interface $Properties {

                /** ChatMessage cliMid */
                cliMid?: (string|null);

                /** ChatMessage mid */
                mid?: (number|null);

                /** ChatMessage seq */
                seq?: (number|null);

                /** ChatMessage cliSeq */
                cliSeq?: (number|null);

                /** ChatMessage from */
                from?: (number|null);

                /** ChatMessage to */
                to?: (number|null);

                /** ChatMessage type */
                type?: (number|null);

                /** ChatMessage content */
                content?: (string|null);

                /** ChatMessage sendAt */
                sendAt?: (number|null);

                /** ChatMessage status */
                status?: (number|null);

                /** ChatMessage replyTo */
                replyTo?: (number|null);

                /** ChatMessage forwardMid */
                forwardMid?: (number|null);

                /** ChatMessage forwardFrom */
                forwardFrom?: (number|null);

                /** ChatMessage mentions */
                mentions?: (number[]|null);

                /** ChatMessage mentionAll */
                mentionAll?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ChatMessage. */
            type $Shape = glide.v1.ChatMessage.$Properties;
        }

        /**
         * Properties of an AckMessage.
         * @deprecated Use glide.v1.AckMessage.$Properties instead.
         */
        interface IAckMessage extends glide.v1.AckMessage.$Properties {
        }

        /** Represents an AckMessage. */
        class AckMessage {

            /**
             * Constructs a new AckMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.AckMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AckMessage cliMid. */
            cliMid?: (string|null);

            /** AckMessage mid. */
            mid?: (number|null);

            /** AckMessage seq. */
            seq?: (number|null);

            /**
             * Encodes the specified AckMessage message. Does not implicitly {@link glide.v1.AckMessage.verify|verify} messages.
             * @param message AckMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.AckMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AckMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.AckMessage & glide.v1.AckMessage.$Shape} AckMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.AckMessage & glide.v1.AckMessage.$Shape;
        }

        namespace AckMessage {

            /** Properties of an AckMessage. */
            interface $Properties {

                /** AckMessage cliMid */
                cliMid?: (string|null);

                /** AckMessage mid */
                mid?: (number|null);

                /** AckMessage seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AckMessage. */
            type $Shape = glide.v1.AckMessage.$Properties;
        }

        /**
         * Properties of an AckNotify.
         * @deprecated Use glide.v1.AckNotify.$Properties instead.
         */
        interface IAckNotify extends glide.v1.AckNotify.$Properties {
        }

        /** Represents an AckNotify. */
        class AckNotify {

            /**
             * Constructs a new AckNotify.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.AckNotify.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AckNotify mid. */
            mid?: (number|null);

            /** AckNotify seq. */
            seq?: (number|null);

            /** AckNotify from. */
            from?: (number|null);

            /**
             * Encodes the specified AckNotify message. Does not implicitly {@link glide.v1.AckNotify.verify|verify} messages.
             * @param message AckNotify message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.AckNotify.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AckNotify message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.AckNotify & glide.v1.AckNotify.$Shape} AckNotify
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.AckNotify & glide.v1.AckNotify.$Shape;
        }

        namespace AckNotify {

            /** Properties of an AckNotify. */
            interface $Properties {

                /** AckNotify mid */
                mid?: (number|null);

                /** AckNotify seq */
                seq?: (number|null);

                /** AckNotify from */
                from?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AckNotify. */
            type $Shape = glide.v1.AckNotify.$Properties;
        }

        /**
         * Properties of an AckRequest.
         * @deprecated Use glide.v1.AckRequest.$Properties instead.
         */
        interface IAckRequest extends glide.v1.AckRequest.$Properties {
        }

        /** Represents an AckRequest. */
        class AckRequest {

            /**
             * Constructs a new AckRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.AckRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AckRequest mid. */
            mid?: (number|null);

            /** AckRequest from. */
            from?: (number|null);

            /**
             * Encodes the specified AckRequest message. Does not implicitly {@link glide.v1.AckRequest.verify|verify} messages.
             * @param message AckRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.AckRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AckRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.AckRequest & glide.v1.AckRequest.$Shape} AckRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.AckRequest & glide.v1.AckRequest.$Shape;
        }

        namespace AckRequest {

            /** Properties of an AckRequest. */
            interface $Properties {

                /** AckRequest mid */
                mid?: (number|null);

                /** AckRequest from */
                from?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AckRequest. */
            type $Shape = glide.v1.AckRequest.$Properties;
        }

        /**
         * Properties of an AckGroupMsg.
         * @deprecated Use glide.v1.AckGroupMsg.$Properties instead.
         */
        interface IAckGroupMsg extends glide.v1.AckGroupMsg.$Properties {
        }

        /** Represents an AckGroupMsg. */
        class AckGroupMsg {

            /**
             * Constructs a new AckGroupMsg.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.AckGroupMsg.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AckGroupMsg gid. */
            gid?: (number|null);

            /** AckGroupMsg mid. */
            mid?: (number|null);

            /** AckGroupMsg seq. */
            seq?: (number|null);

            /**
             * Encodes the specified AckGroupMsg message. Does not implicitly {@link glide.v1.AckGroupMsg.verify|verify} messages.
             * @param message AckGroupMsg message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.AckGroupMsg.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AckGroupMsg message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.AckGroupMsg & glide.v1.AckGroupMsg.$Shape} AckGroupMsg
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.AckGroupMsg & glide.v1.AckGroupMsg.$Shape;
        }

        namespace AckGroupMsg {

            /** Properties of an AckGroupMsg. */
            interface $Properties {

                /** AckGroupMsg gid */
                gid?: (number|null);

                /** AckGroupMsg mid */
                mid?: (number|null);

                /** AckGroupMsg seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AckGroupMsg. */
            type $Shape = glide.v1.AckGroupMsg.$Properties;
        }

        /**
         * Properties of an AckRead.
         * @deprecated Use glide.v1.AckRead.$Properties instead.
         */
        interface IAckRead extends glide.v1.AckRead.$Properties {
        }

        /** Represents an AckRead. */
        class AckRead {

            /**
             * Constructs a new AckRead.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.AckRead.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AckRead mid. */
            mid?: (number|null);

            /** AckRead from. */
            from?: (number|null);

            /** AckRead gid. */
            gid?: (number|null);

            /** AckRead seq. */
            seq?: (number|null);

            /**
             * Encodes the specified AckRead message. Does not implicitly {@link glide.v1.AckRead.verify|verify} messages.
             * @param message AckRead message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.AckRead.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AckRead message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.AckRead & glide.v1.AckRead.$Shape} AckRead
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.AckRead & glide.v1.AckRead.$Shape;
        }

        namespace AckRead {

            /** Properties of an AckRead. */
            interface $Properties {

                /** AckRead mid */
                mid?: (number|null);

                /** AckRead from */
                from?: (number|null);

                /** AckRead gid */
                gid?: (number|null);

                /** AckRead seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AckRead. */
            type $Shape = glide.v1.AckRead.$Properties;
        }

        /**
         * Properties of a CliMessage.
         * @deprecated Use glide.v1.CliMessage.$Properties instead.
         */
        interface ICliMessage extends glide.v1.CliMessage.$Properties {
        }

        /** Represents a CliMessage. */
        class CliMessage {

            /**
             * Constructs a new CliMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.CliMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CliMessage from. */
            from?: (number|null);

            /** CliMessage to. */
            to?: (number|null);

            /** CliMessage type. */
            type?: (number|null);

            /** CliMessage content. */
            content?: (string|null);

            /**
             * Encodes the specified CliMessage message. Does not implicitly {@link glide.v1.CliMessage.verify|verify} messages.
             * @param message CliMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.CliMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CliMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.CliMessage & glide.v1.CliMessage.$Shape} CliMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.CliMessage & glide.v1.CliMessage.$Shape;
        }

        namespace CliMessage {

            /** Properties of a CliMessage. */
            interface $Properties {

                /** CliMessage from */
                from?: (number|null);

                /** CliMessage to */
                to?: (number|null);

                /** CliMessage type */
                type?: (number|null);

                /** CliMessage content */
                content?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CliMessage. */
            type $Shape = glide.v1.CliMessage.$Properties;
        }

        /**
         * Properties of an Authenticate.
         * @deprecated Use glide.v1.Authenticate.$Properties instead.
         */
        interface IAuthenticate extends glide.v1.Authenticate.$Properties {
        }

        /** Represents an Authenticate. */
        class Authenticate {

            /**
             * Constructs a new Authenticate.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.Authenticate.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Authenticate credential. */
            credential?: (string|null);

            /** Authenticate version. */
            version?: (number|null);

            /**
             * Encodes the specified Authenticate message. Does not implicitly {@link glide.v1.Authenticate.verify|verify} messages.
             * @param message Authenticate message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.Authenticate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Authenticate message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.Authenticate & glide.v1.Authenticate.$Shape} Authenticate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.Authenticate & glide.v1.Authenticate.$Shape;
        }

        namespace Authenticate {

            /** Properties of an Authenticate. */
            interface $Properties {

                /** Authenticate credential */
                credential?: (string|null);

                /** Authenticate version */
                version?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Authenticate. */
            type $Shape = glide.v1.Authenticate.$Properties;
        }

        /**
         * Properties of an ApiAuth.
         * @deprecated Use glide.v1.ApiAuth.$Properties instead.
         */
        interface IApiAuth extends glide.v1.ApiAuth.$Properties {
        }

        /** Represents an ApiAuth. */
        class ApiAuth {

            /**
             * Constructs a new ApiAuth.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.ApiAuth.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ApiAuth token. */
            token?: (string|null);

            /** ApiAuth device. */
            device?: (number|null);

            /**
             * Encodes the specified ApiAuth message. Does not implicitly {@link glide.v1.ApiAuth.verify|verify} messages.
             * @param message ApiAuth message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.ApiAuth.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ApiAuth message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.ApiAuth & glide.v1.ApiAuth.$Shape} ApiAuth
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.ApiAuth & glide.v1.ApiAuth.$Shape;
        }

        namespace ApiAuth {

            /** Properties of an ApiAuth. */
            interface $Properties {

                /** ApiAuth token */
                token?: (string|null);

                /** ApiAuth device */
                device?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ApiAuth. */
            type $Shape = glide.v1.ApiAuth.$Properties;
        }

        /**
         * Properties of an ApiAuthReply.
         * @deprecated Use glide.v1.ApiAuthReply.$Properties instead.
         */
        interface IApiAuthReply extends glide.v1.ApiAuthReply.$Properties {
        }

        /** Represents an ApiAuthReply. */
        class ApiAuthReply {

            /**
             * Constructs a new ApiAuthReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.ApiAuthReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ApiAuthReply uid. */
            uid?: (number|null);

            /** ApiAuthReply token. */
            token?: (string|null);

            /** ApiAuthReply servers. */
            servers: string[];

            /**
             * Encodes the specified ApiAuthReply message. Does not implicitly {@link glide.v1.ApiAuthReply.verify|verify} messages.
             * @param message ApiAuthReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.ApiAuthReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ApiAuthReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.ApiAuthReply & glide.v1.ApiAuthReply.$Shape} ApiAuthReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.ApiAuthReply & glide.v1.ApiAuthReply.$Shape;
        }

        namespace ApiAuthReply {

            /** Properties of an ApiAuthReply. */
            interface $Properties {

                /** ApiAuthReply uid */
                uid?: (number|null);

                /** ApiAuthReply token */
                token?: (string|null);

                /** ApiAuthReply servers */
                servers?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ApiAuthReply. */
            type $Shape = glide.v1.ApiAuthReply.$Properties;
        }

        /**
         * Properties of a FailedSend.
         * @deprecated Use glide.v1.FailedSend.$Properties instead.
         */
        interface IFailedSend extends glide.v1.FailedSend.$Properties {
        }

        /** Represents a FailedSend. */
        class FailedSend {

            /**
             * Constructs a new FailedSend.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.FailedSend.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FailedSend mid. */
            mid?: (number|null);

            /** FailedSend cliMid. */
            cliMid?: (string|null);

            /** FailedSend reason. */
            reason?: (string|null);

            /**
             * Encodes the specified FailedSend message. Does not implicitly {@link glide.v1.FailedSend.verify|verify} messages.
             * @param message FailedSend message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.FailedSend.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FailedSend message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.FailedSend & glide.v1.FailedSend.$Shape} FailedSend
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.FailedSend & glide.v1.FailedSend.$Shape;
        }

        namespace FailedSend {

            /** Properties of a FailedSend. */
            interface $Properties {

                /** FailedSend mid */
                mid?: (number|null);

                /** FailedSend cliMid */
                cliMid?: (string|null);

                /** FailedSend reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FailedSend. */
            type $Shape = glide.v1.FailedSend.$Properties;
        }

        /**
         * Properties of a KickoutNotice.
         * @deprecated Use glide.v1.KickoutNotice.$Properties instead.
         */
        interface IKickoutNotice extends glide.v1.KickoutNotice.$Properties {
        }

        /** Represents a KickoutNotice. */
        class KickoutNotice {

            /**
             * Constructs a new KickoutNotice.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.KickoutNotice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KickoutNotice device. */
            device?: (number|null);

            /** KickoutNotice deviceName. */
            deviceName?: (string|null);

            /** KickoutNotice reason. */
            reason?: (string|null);

            /**
             * Encodes the specified KickoutNotice message. Does not implicitly {@link glide.v1.KickoutNotice.verify|verify} messages.
             * @param message KickoutNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.KickoutNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KickoutNotice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.KickoutNotice & glide.v1.KickoutNotice.$Shape} KickoutNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.KickoutNotice & glide.v1.KickoutNotice.$Shape;
        }

        namespace KickoutNotice {

            /** Properties of a KickoutNotice. */
            interface $Properties {

                /** KickoutNotice device */
                device?: (number|null);

                /** KickoutNotice deviceName */
                deviceName?: (string|null);

                /** KickoutNotice reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KickoutNotice. */
            type $Shape = glide.v1.KickoutNotice.$Properties;
        }

        /**
         * Properties of a LoginNotice.
         * @deprecated Use glide.v1.LoginNotice.$Properties instead.
         */
        interface ILoginNotice extends glide.v1.LoginNotice.$Properties {
        }

        /** Represents a LoginNotice. */
        class LoginNotice {

            /**
             * Constructs a new LoginNotice.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.LoginNotice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LoginNotice uid. */
            uid?: (number|null);

            /** LoginNotice device. */
            device?: (number|null);

            /** LoginNotice deviceName. */
            deviceName?: (string|null);

            /**
             * Encodes the specified LoginNotice message. Does not implicitly {@link glide.v1.LoginNotice.verify|verify} messages.
             * @param message LoginNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.LoginNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LoginNotice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.LoginNotice & glide.v1.LoginNotice.$Shape} LoginNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.LoginNotice & glide.v1.LoginNotice.$Shape;
        }

        namespace LoginNotice {

            /** Properties of a LoginNotice. */
            interface $Properties {

                /** LoginNotice uid */
                uid?: (number|null);

                /** LoginNotice device */
                device?: (number|null);

                /** LoginNotice deviceName */
                deviceName?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LoginNotice. */
            type $Shape = glide.v1.LoginNotice.$Properties;
        }

        /**
         * Properties of a ContactNotice.
         * @deprecated Use glide.v1.ContactNotice.$Properties instead.
         */
        interface IContactNotice extends glide.v1.ContactNotice.$Properties {
        }

        /** Represents a ContactNotice. */
        class ContactNotice {

            /**
             * Constructs a new ContactNotice.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.ContactNotice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ContactNotice id. */
            id?: (number|null);

            /** ContactNotice type. */
            type?: (number|null);

            /** ContactNotice fromId. */
            fromId?: (number|null);

            /** ContactNotice fromType. */
            fromType?: (number|null);

            /**
             * Encodes the specified ContactNotice message. Does not implicitly {@link glide.v1.ContactNotice.verify|verify} messages.
             * @param message ContactNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.ContactNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ContactNotice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.ContactNotice & glide.v1.ContactNotice.$Shape} ContactNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.ContactNotice & glide.v1.ContactNotice.$Shape;
        }

        namespace ContactNotice {

            /** Properties of a ContactNotice. */
            interface $Properties {

                /** ContactNotice id */
                id?: (number|null);

                /** ContactNotice type */
                type?: (number|null);

                /** ContactNotice fromId */
                fromId?: (number|null);

                /** ContactNotice fromType */
                fromType?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ContactNotice. */
            type $Shape = glide.v1.ContactNotice.$Properties;
        }

        /**
         * Properties of a PresenceEvent.
         * @deprecated Use glide.v1.PresenceEvent.$Properties instead.
         */
        interface IPresenceEvent extends glide.v1.PresenceEvent.$Properties {
        }

        /** Represents a PresenceEvent. */
        class PresenceEvent {

            /**
             * Constructs a new PresenceEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.PresenceEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PresenceEvent uid. */
            uid?: (number|null);

            /** PresenceEvent device. */
            device?: (number|null);

            /** PresenceEvent online. */
            online?: (boolean|null);

            /** PresenceEvent onlineAt. */
            onlineAt?: (number|null);

            /**
             * Encodes the specified PresenceEvent message. Does not implicitly {@link glide.v1.PresenceEvent.verify|verify} messages.
             * @param message PresenceEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.PresenceEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PresenceEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.PresenceEvent & glide.v1.PresenceEvent.$Shape} PresenceEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.PresenceEvent & glide.v1.PresenceEvent.$Shape;
        }

        namespace PresenceEvent {

            /** Properties of a PresenceEvent. */
            interface $Properties {

                /** PresenceEvent uid */
                uid?: (number|null);

                /** PresenceEvent device */
                device?: (number|null);

                /** PresenceEvent online */
                online?: (boolean|null);

                /** PresenceEvent onlineAt */
                onlineAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PresenceEvent. */
            type $Shape = glide.v1.PresenceEvent.$Properties;
        }

        /**
         * Properties of a GroupNotice.
         * @deprecated Use glide.v1.GroupNotice.$Properties instead.
         */
        interface IGroupNotice extends glide.v1.GroupNotice.$Properties {
        }

        /** Represents a GroupNotice. */
        class GroupNotice {

            /**
             * Constructs a new GroupNotice.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.GroupNotice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** GroupNotice gid. */
            gid?: (number|null);

            /** GroupNotice mid. */
            mid?: (number|null);

            /** GroupNotice seq. */
            seq?: (number|null);

            /** GroupNotice type. */
            type?: (number|null);

            /** GroupNotice uids. */
            uids: number[];

            /** GroupNotice by. */
            by?: (number|null);

            /** GroupNotice role. */
            role?: (number|null);

            /** GroupNotice mute. */
            mute?: (boolean|null);

            /** GroupNotice sendAt. */
            sendAt?: (number|null);

            /**
             * Encodes the specified GroupNotice message. Does not implicitly {@link glide.v1.GroupNotice.verify|verify} messages.
             * @param message GroupNotice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.GroupNotice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a GroupNotice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.GroupNotice & glide.v1.GroupNotice.$Shape} GroupNotice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.GroupNotice & glide.v1.GroupNotice.$Shape;
        }

        namespace GroupNotice {

            /** Properties of a GroupNotice. */
            interface $Properties {

                /** GroupNotice gid */
                gid?: (number|null);

                /** GroupNotice mid */
                mid?: (number|null);

                /** GroupNotice seq */
                seq?: (number|null);

                /** GroupNotice type */
                type?: (number|null);

                /** GroupNotice uids */
                uids?: (number[]|null);

                /** GroupNotice by */
                by?: (number|null);

                /** GroupNotice role */
                role?: (number|null);

                /** GroupNotice mute */
                mute?: (boolean|null);

                /** GroupNotice sendAt */
                sendAt?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a GroupNotice. */
            type $Shape = glide.v1.GroupNotice.$Properties;
        }

        /**
         * Properties of a MessageEvent.
         * @deprecated Use glide.v1.MessageEvent.$Properties instead.
         */
        interface IMessageEvent extends glide.v1.MessageEvent.$Properties {
        }

        /** Represents a MessageEvent. */
        class MessageEvent {

            /**
             * Constructs a new MessageEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.MessageEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MessageEvent mid. */
            mid?: (number|null);

            /** MessageEvent seq. */
            seq?: (number|null);

            /** MessageEvent from. */
            from?: (number|null);

            /** MessageEvent to. */
            to?: (number|null);

            /** MessageEvent kind. */
            kind?: (string|null);

            /** MessageEvent target. */
            target?: (number|null);

            /** MessageEvent content. */
            content?: (string|null);

            /** MessageEvent key. */
            key?: (string|null);

            /** MessageEvent isOn. */
            isOn?: (boolean|null);

            /** MessageEvent at. */
            at?: (number|null);

            /**
             * Encodes the specified MessageEvent message. Does not implicitly {@link glide.v1.MessageEvent.verify|verify} messages.
             * @param message MessageEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.MessageEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MessageEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.MessageEvent & glide.v1.MessageEvent.$Shape} MessageEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.MessageEvent & glide.v1.MessageEvent.$Shape;
        }

        namespace MessageEvent {

            /** Properties of a MessageEvent. */
            interface $Properties {

                /** MessageEvent mid */
                mid?: (number|null);

                /** MessageEvent seq */
                seq?: (number|null);

                /** MessageEvent from */
                from?: (number|null);

                /** MessageEvent to */
                to?: (number|null);

                /** MessageEvent kind */
                kind?: (string|null);

                /** MessageEvent target */
                target?: (number|null);

                /** MessageEvent content */
                content?: (string|null);

                /** MessageEvent key */
                key?: (string|null);

                /** MessageEvent isOn */
                isOn?: (boolean|null);

                /** MessageEvent at */
                at?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MessageEvent. */
            type $Shape = glide.v1.MessageEvent.$Properties;
        }

        /**
         * Properties of a RecallContent.
         * @deprecated Use glide.v1.RecallContent.$Properties instead.
         */
        interface IRecallContent extends glide.v1.RecallContent.$Properties {
        }

        /** Represents a RecallContent. */
        class RecallContent {

            /**
             * Constructs a new RecallContent.
             * @param [properties] Properties to set
             */
            constructor(properties?: glide.v1.RecallContent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RecallContent mid. */
            mid?: (number|null);

            /** RecallContent recallBy. */
            recallBy?: (number|null);

            /**
             * Encodes the specified RecallContent message. Does not implicitly {@link glide.v1.RecallContent.verify|verify} messages.
             * @param message RecallContent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: glide.v1.RecallContent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RecallContent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {glide.v1.RecallContent & glide.v1.RecallContent.$Shape} RecallContent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): glide.v1.RecallContent & glide.v1.RecallContent.$Shape;
        }

        namespace RecallContent {

            /** Properties of a RecallContent. */
            interface $Properties {

                /** RecallContent mid */
                mid?: (number|null);

                /** RecallContent recallBy */
                recallBy?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RecallContent. */
            type $Shape = glide.v1.RecallContent.$Properties;
        }
    }
}
