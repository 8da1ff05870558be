import { Text, View } from '@tarojs/components';
import type { User } from '@tandem/protocol';
import { pressable } from '../../platform/pressable';
import { t } from '../../i18n';

/** The members offered while an `@` is typed in the composer; picking one inserts its name. */
export function MentionPicker({ members, onPick }: { members: readonly User[]; onPick(user: User): void }) {
  return (
    <View className="mention-picker" aria-label={t('mention.pick')}>
      {members.length === 0 ? <Text className="mention-picker-empty">{t('mention.none')}</Text> : null}
      {members.map((member) => {
        const pick = () => onPick(member);
        return (
          <Text key={member.id} className="mention-picker-item" onClick={pick} {...pressable(pick)}>
            {member.nickname}
          </Text>
        );
      })}
    </View>
  );
}
