import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Cell, DatePicker, Dialog, Input, Picker } from '@nutui/nutui-react-taro';
import {
  GENDER_LABELS,
  Gender,
  lengthMessage,
  TEXT_LIMITS,
  type MemberProfile,
  type UpdateProfileRequest,
} from '@member/shared';
import { meApi } from '../../services/api';
import { showError, showSuccess } from '../../components/feedback';
import { toBizDate } from '../../utils/time';

interface ProfileEditorProps {
  member: MemberProfile;
  onSaved: (member: MemberProfile) => void;
}

type Editing = 'nickname' | 'gender' | 'birthday' | 'confirmBirthday' | null;

const GENDER_OPTIONS = [Gender.Male, Gender.Female, Gender.Unknown].map((g) => ({ label: GENDER_LABELS[g], value: g }));
// The server's limit (shared/src/limits.ts); the Input shows the count so nothing is cut off unseen.
const NICKNAME = TEXT_LIMITS.nickname;
const BIRTHDAY_START = new Date(1920, 0, 1);

export function ProfileEditor({ member, onSaved }: ProfileEditorProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [nickname, setNickname] = useState(member.nickname);
  const [birthday, setBirthday] = useState<string | null>(null);

  const save = async (patch: UpdateProfileRequest): Promise<boolean> => {
    try {
      onSaved(await meApi.update(patch));
      showSuccess('已保存');
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };

  const openNickname = () => {
    setNickname(member.nickname);
    setEditing('nickname');
  };

  const saveNickname = async () => {
    const value = nickname.trim();
    if (!value) return showError(new Error('昵称不能为空'));
    if (value.length > NICKNAME.max) return showError(new Error(lengthMessage('昵称', NICKNAME)));
    if (await save({ nickname: value })) setEditing(null);
  };

  return (
    <>
      <Cell.Group title="个人资料">
        <Cell title="昵称" align="center" extra={`${member.nickname || '未设置'} ›`} clickable onClick={openNickname} />
        <Cell
          title="性别"
          align="center"
          extra={`${GENDER_LABELS[member.gender]} ›`}
          clickable
          onClick={() => setEditing('gender')}
        />
        {member.birthdayLocked ? (
          <Cell
            title="生日"
            align="center"
            description="生日设置后不可修改"
            extra={<Text id="birthday-value">{member.birthday ?? ''}</Text>}
          />
        ) : (
          <Cell
            title="生日"
            align="center"
            description="仅可设置一次，用于生日礼遇"
            extra={`${member.birthday ?? '去设置'} ›`}
            clickable
            onClick={() => setEditing('birthday')}
          />
        )}
      </Cell.Group>

      <Dialog
        visible={editing === 'nickname'}
        title="修改昵称"
        onConfirm={saveNickname}
        onCancel={() => setEditing(null)}
      >
        <Input
          id="nickname-input"
          value={nickname}
          maxLength={NICKNAME.max}
          placeholder="请输入昵称"
          onChange={setNickname}
        />
      </Dialog>

      <Picker
        visible={editing === 'gender'}
        title="选择性别"
        options={[GENDER_OPTIONS]}
        value={[member.gender]}
        onConfirm={(_, values) => void save({ gender: values[0] as Gender })}
        onClose={() => setEditing(null)}
      />

      <DatePicker
        visible={editing === 'birthday'}
        title="选择生日"
        type="date"
        showChinese
        startDate={BIRTHDAY_START}
        endDate={new Date()}
        defaultValue={new Date(2000, 0, 1)}
        onConfirm={(_, values) => {
          const [y, m, d] = values.map(Number);
          setBirthday(toBizDate(new Date(y, m - 1, d)));
          setEditing('confirmBirthday');
        }}
        onClose={() => setEditing((cur) => (cur === 'birthday' ? null : cur))}
      />

      {/* The birthday drives birthday rewards, so members get exactly one chance to set it. */}
      <Dialog
        visible={editing === 'confirmBirthday'}
        title="确认生日"
        confirmText="确认设置"
        onConfirm={async () => {
          if (birthday && (await save({ birthday }))) setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      >
        <View>
          <Text>生日设置为 {birthday}，设置后不可修改，确认吗？</Text>
        </View>
      </Dialog>
    </>
  );
}
